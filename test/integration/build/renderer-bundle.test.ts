import { beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, type RendererBuild } from '../../support/renderer-build';

/**
 * The first screen's JavaScript stays small: a ceiling on its size (not a timing), and the
 * modules that must never be in it. `npm run bench renderer-bundle` prints the figure itself.
 */

/** Issue 18's goal for the initial JS, gzip-compressed. */
const INITIAL_JS_CEILING_KB = 100;

/** The screens after sign-in, each a chunk of its own (React.lazy in app.tsx and admin-gate.tsx). */
const LAZY_SCREENS = [
  'renderer/src/onboarding/second-factor-challenge.tsx',
  'renderer/src/onboarding/onboarding-wizard.tsx',
  'renderer/src/vault/unlock-screen.tsx',
  'renderer/src/vault/vault-screen.tsx',
  'renderer/src/devices/approval-prompts.tsx',
  'renderer/src/admin/admin-area.tsx',
];

let built: RendererBuild;

/** The largest source modules of the initial JS, for a failure message that says what grew. */
function heaviest(count = 15): string {
  return built.initialSources
    .slice(0, count)
    .map((s) => `${(s.chars / 1000).toFixed(1).padStart(7)} KB  ${s.source}`)
    .join('\n');
}

describe('renderer bundle', () => {
  beforeAll(async () => {
    built = await buildRenderer();
  });

  it(`loads at most ${INITIAL_JS_CEILING_KB} KB of gzip-compressed JavaScript for the first screen`, () => {
    expect(built.initialFiles.length).toBeGreaterThan(0);
    expect(built.initialKb, `initial JS ${built.initialKb.toFixed(1)} KB gzip (${built.initialFiles.join(', ')}); its largest modules (minified):\n${heaviest()}`).toBeLessThanOrEqual(
      INITIAL_JS_CEILING_KB,
    );
  });

  it('has no zod in the initial JS (schemas are checked in main; plain data lives apart from them)', () => {
    const zod = built.initialSources.filter((s) => s.source.startsWith('node_modules/zod/')).map((s) => s.source);
    expect(zod, `zod modules in the initial JS; its largest modules:\n${heaviest()}`).toEqual([]);
  });

  it('keeps the screens after sign-in out of the initial JS', () => {
    const sources = new Set(built.initialSources.map((s) => s.source));
    expect(LAZY_SCREENS.filter((screen) => sources.has(screen))).toEqual([]);
  });

  it('attributes the initial JS to the modules it came from (the checks above read them)', () => {
    const sources = built.initialSources.map((s) => s.source);
    expect(sources).toContain('renderer/src/main.tsx');
    expect(sources).toContain('renderer/src/login/sign-in-screen.tsx');
    expect(sources.some((s) => s.startsWith('node_modules/react-dom/'))).toBe(true);
  });
});
