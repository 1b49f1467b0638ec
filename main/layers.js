// The layers of main/, checked by `npm run lint` (eslint.config.js), in the spirit of VS Code's
// code-layering rule: each folder names the folders it may import. `type:` means type-only
// imports (they vanish at run time). A folder missing from this table may not be imported from
// a listed one. The diagram and the reasons are in main/README.md.
import path from 'node:path';

export const LAYERS = {
  'main/errors': [],
  // Settings of the process itself (V8's heap), applied first by each entry point: a leaf.
  'main/process': [],
  'main/log': ['main/errors'],
  // What main, preload and the renderer all read at run time: step ids, the record schema and its
  // limits, error codes, setting names. Constants and schemas only, no behaviour.
  'main/shared': ['main/errors'],
  'main/policy': ['main/errors', 'main/shared'],
  'main/otp': ['main/errors'],
  // The HTTP contract between app and backend: endpoint descriptors and the one client.
  'main/api': ['main/errors', 'main/shared', 'main/policy'],
  'main/vault': ['main/errors', 'main/shared', 'main/api', 'main/log', 'main/policy', 'main/otp', 'type:preload'],
  'main/import': ['main/errors', 'main/shared', 'main/log', 'main/policy', 'type:main/vault', 'type:preload'],
  'main/backend': ['main/errors', 'main/shared', 'main/api', 'main/log', 'main/policy', 'main/otp', 'main/process'],
  'main/demo': ['main/backend', 'main/errors', 'main/shared', 'main/log', 'main/policy'],
  'main/platform': ['main/errors', 'main/shared', 'main/log', 'type:main/policy', 'type:preload'],
  // Device trust and sign-in know each other: sessions make device keys; approvals need the
  // session's client. Only the types flow upwards, so there is no run-time cycle.
  'main/devices': ['main/errors', 'main/shared', 'main/api', 'main/log', 'main/policy', 'main/vault', 'type:main/sso', 'type:preload'],
  'main/sso': ['main/errors', 'main/shared', 'main/api', 'main/log', 'main/policy', 'main/vault', 'main/devices', 'type:preload'],
  'main/ipc': ['main/errors', 'main/shared', 'main/api', 'main/log', 'main/policy', 'main/vault', 'main/sso', 'main/devices', 'main/import', 'main/platform', 'preload'],
  'main/runtime': ['main/errors', 'main/shared', 'main/api', 'main/log', 'main/policy', 'main/vault', 'main/sso', 'main/devices', 'main/import', 'main/platform', 'main/ipc', 'main/backend', 'main/demo', 'preload'],
  'main/host': ['main/process', 'main/errors', 'main/shared', 'main/api', 'main/log', 'main/policy', 'main/vault', 'main/sso', 'main/platform', 'main/runtime', 'main/ipc', 'main/demo', 'preload'],
  'main/app': ['main/process', 'main/errors', 'main/shared', 'main/api', 'main/log', 'main/policy', 'main/vault', 'main/sso', 'main/platform', 'main/runtime', 'main/ipc', 'preload'],
  preload: ['main/shared', 'type:main/api', 'type:main/errors', 'type:main/policy', 'type:main/backend'],
  renderer: ['main/shared', 'type:preload', 'type:main/api', 'type:main/errors', 'type:main/policy', 'type:main/backend'],
};

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));

/** The layer a repository path belongs to: `main/<folder>`, or a top-level folder. */
export function layerOf(relativePath) {
  const parts = relativePath.split(/[\\/]/);
  if (parts[0] === 'main' && parts.length > 2) return `main/${parts[1]}`;
  return parts[0];
}

/** Whether `from` may import `to`; `typeOnly` when the import vanishes at run time. */
export function mayImport(from, to, typeOnly) {
  if (from === to) return true;
  const allowed = LAYERS[from];
  if (allowed === undefined) return true;
  return allowed.includes(to) || (typeOnly && allowed.includes(`type:${to}`));
}

export const layering = {
  meta: {
    type: 'problem',
    docs: { description: 'main/ folders import only the layers below them (main/layers.js)' },
    schema: [],
    messages: { wrongLayer: '{{from}} may not import {{to}}{{kind}} (layers: main/layers.js, main/README.md)' },
  },
  create(context) {
    const file = path.relative(root, context.filename);
    const from = layerOf(file);
    if (LAYERS[from] === undefined) return {};
    function check(node, source, typeOnly) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(context.filename), source));
      const to = layerOf(target);
      if (!mayImport(from, to, typeOnly)) context.report({ node, messageId: 'wrongLayer', data: { from, to, kind: typeOnly ? ' (even as a type)' : '' } });
    }
    const typeOnlyImport = (node) => node.importKind === 'type' || (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === 'type'));
    return {
      ImportDeclaration: (node) => check(node, node.source.value, typeOnlyImport(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source.value, node.exportKind === 'type'),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
    };
  },
};
