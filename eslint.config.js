import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { layering } from './main/layers.js';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'release/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
    },
  },
  {
    // The layers of main/ (main/README.md): each folder imports only the folders below it.
    files: ['main/**/*.{ts,tsx}', 'preload/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { keyhaven: { rules: { layering } } },
    rules: { 'keyhaven/layering': 'error' },
  },
  {
    // Tests read JSON answers of the backend whose shape is the point of the assertion.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Playwright reads a fixture's dependencies from its first parameter's pattern: `({}, use)` is one with none.
    files: ['test/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }] },
  },
  {
    // Only the Electron shell, the preload and the IPC transport may touch Electron at runtime;
    // raw ipcMain/ipcRenderer stay inside the one typed transport.
    files: ['main/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['main/app/**', 'main/ipc/electron-transport.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only main/app and the IPC transport import Electron.', allowTypeImports: true }] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'child_process', 'electron'], message: 'The renderer knows nothing of Node or Electron; use window.keyhaven.' },
            { regex: '(^|/)main/(?!shared/)', allowTypeImports: true, message: 'The renderer may import only types from main (and main/shared/).' },
          ],
        },
      ],
    },
  },
);
