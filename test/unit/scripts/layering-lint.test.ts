import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'keyhaven/layering').map((m) => m.message);
}

describe('npm run lint keeps the layers of main/', () => {
  it('refuses an import from a higher layer', async () => {
    const errors = await layeringErrors('main/sso/probe.ts', "import { createEventBus } from '../ipc/event-bus';\nexport const bus = createEventBus();\n");
    expect(errors).toEqual(['main/sso may not import main/ipc (layers: main/layers.js, main/README.md)']);
  });

  it('refuses even a type from outside the backend', async () => {
    const errors = await layeringErrors('main/backend/probe.ts', "import type { SessionManager } from '../sso/session-manager';\nexport type S = SessionManager;\n");
    expect(errors).toHaveLength(1);
  });

  it('tells the backend’s own sso folder from the app’s', async () => {
    const errors = await layeringErrors('main/backend/http/probe.ts', "import { createSignInService } from '../sso/sign-in-service';\nexport const s = createSignInService;\n");
    expect(errors).toEqual([]);
  });

  it('allows a lower layer and a type-only upward import where the table says so', async () => {
    expect(await layeringErrors('main/ipc/probe.ts', "import { AppError } from '../errors/app-error';\nexport const e = AppError;\n")).toEqual([]);
    expect(await layeringErrors('main/devices/probe.ts', "import type { SessionManager } from '../sso/session-manager';\nexport type S = SessionManager;\n")).toEqual([]);
    expect(await layeringErrors('main/devices/probe.ts', "import { createSessionManager } from '../sso/session-manager';\nexport const s = createSessionManager;\n")).toHaveLength(1);
  });

  it('keeps the renderer to types from main', async () => {
    expect(await layeringErrors('renderer/src/probe.ts', "import { AppError } from '../../main/errors/app-error';\nexport const e = AppError;\n")).toHaveLength(1);
  });
});
