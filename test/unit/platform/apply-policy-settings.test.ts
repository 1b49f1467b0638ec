import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../../preload/contract';
import { createSettingsStore, type EffectiveSettings } from '../../../main/platform/settings';
import { resolvePolicy } from '../../../main/policy/enforcement-policy';
import { createPolicySettingsApplier } from '../../../main/platform/apply-policy-settings';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'keyhaven-policy-settings-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

function session(launchAtStartup: boolean, vaultUnlocked = true): SessionView {
  return {
    kind: 'signed-in',
    user: { id: 'u1', email: 'alice@acme.test', node: 'Acme', role: 'Employee' },
    policy: resolvePolicy({ launchAtStartup }),
    vaultExists: true,
    vaultUnlocked,
    secondFactor: 'not-needed',
  } as unknown as SessionView;
}

function setup() {
  const settings = createSettingsStore({ userDataDir: dir, fs: fsp as never, managed: { kind: 'none' } });
  const applied: EffectiveSettings[] = [];
  const errors: unknown[] = [];
  const onSession = createPolicySettingsApplier({ settings, apply: async (e) => void applied.push(e), onError: (e) => errors.push(e) });
  return { onSession, applied, errors };
}

describe('createPolicySettingsApplier', () => {
  it('turns launch at startup on after sign-in when the role policy asks for it, marked as policy', async () => {
    const { onSession, applied } = setup();
    await onSession(session(true));
    expect(applied).toHaveLength(1);
    expect(applied[0]!.launchAtStartup).toEqual({ value: true, managed: true, locked: true, source: 'policy' });
  });

  it('applies once per change, not for every lock and unlock event', async () => {
    const { onSession, applied } = setup();
    await onSession(session(true));
    await onSession(session(true, false));
    await onSession(session(true, true));
    expect(applied).toHaveLength(1);
    await onSession(session(false));
    expect(applied.map((e) => e.launchAtStartup.value)).toEqual([true, false]);
  });

  it('does nothing while signed out', async () => {
    const { onSession, applied } = setup();
    await onSession({ kind: 'signed-out' });
    expect(applied).toEqual([]);
  });

  it('reports a failure to apply and tries again on the next event', async () => {
    const settings = createSettingsStore({ userDataDir: dir, fs: fsp as never, managed: { kind: 'none' } });
    const errors: unknown[] = [];
    let fail = true;
    const calls: boolean[] = [];
    const onSession = createPolicySettingsApplier({
      settings,
      apply: async (e) => {
        calls.push(e.launchAtStartup.value);
        if (fail) throw new Error('login item refused');
      },
      onError: (e) => errors.push(e),
    });
    await onSession(session(true));
    fail = false;
    await onSession(session(true));
    expect(calls).toEqual([true, true]);
    expect(errors).toHaveLength(1);
  });
});
