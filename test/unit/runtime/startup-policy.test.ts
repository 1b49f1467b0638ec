import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ManagedConfig, ManagedConfigResult } from '../../../main/platform/managed-config';
import {
  DEFAULT_HIDDEN_START_TIMEOUT_MS,
  DEMO_DISABLED_MESSAGE,
  decideStartup,
  TENANT_CONFIG_ENV,
  type StartupFlags,
} from '../../../main/runtime/startup-policy';

const cwd = path.resolve('/srv/keyhaven');

function managed(config: ManagedConfig): ManagedConfigResult {
  return { kind: 'ok', file: '/etc/keyhaven/managed.json', files: ['/etc/keyhaven/managed.json'], config };
}

function decide(options: { managed?: ManagedConfigResult; env?: Record<string, string>; flags?: StartupFlags } = {}) {
  return decideStartup({ managed: options.managed ?? { kind: 'none' }, env: options.env ?? {}, cwd, ...(options.flags ? { flags: options.flags } : {}) });
}

describe('decideStartup', () => {
  it('runs the demo when nothing else is configured', () => {
    expect(decide()).toEqual({ kind: 'start', backend: { kind: 'demo' }, backendSource: 'demo', hiddenStartTimeoutMs: DEFAULT_HIDDEN_START_TIMEOUT_MS });
  });

  it('refuses to start the demo when the managed configuration disables it, naming the key', () => {
    const plan = decide({ managed: managed({ disableDemo: true }) });
    expect(plan).toEqual({ kind: 'refused', message: DEMO_DISABLED_MESSAGE });
    expect(DEMO_DISABLED_MESSAGE).toContain('disableDemo');
  });

  it('still runs the demo when disableDemo is false', () => {
    expect(decide({ managed: managed({ disableDemo: false }) })).toMatchObject({ kind: 'start', backend: { kind: 'demo' } });
  });

  it('talks to the managed backendUrl, also when the demo is disabled', () => {
    const plan = decide({ managed: managed({ backendUrl: 'https://vault.acme.test', disableDemo: true }) });
    expect(plan).toMatchObject({ kind: 'start', backend: { kind: 'remote', url: 'https://vault.acme.test' }, backendSource: 'managed' });
  });

  it('embeds the backend with KEYHAVEN_TENANT_CONFIG, resolved against the working folder', () => {
    const plan = decide({ env: { [TENANT_CONFIG_ENV]: 'tenant.yaml' } });
    expect(plan).toMatchObject({ kind: 'start', backend: { kind: 'embedded', config: path.join(cwd, 'tenant.yaml') }, backendSource: 'env' });
  });

  it('counts a tenant configuration as the organisation’s server when the demo is disabled', () => {
    const plan = decide({ managed: managed({ disableDemo: true }), env: { [TENANT_CONFIG_ENV]: '/etc/keyhaven/tenant.yaml' } });
    expect(plan).toMatchObject({ kind: 'start', backend: { kind: 'embedded', config: path.resolve('/etc/keyhaven/tenant.yaml') } });
  });

  it('ignores an invalid managed file, disableDemo included (the banner explains it)', () => {
    const plan = decide({ managed: { kind: 'invalid', file: '/etc/keyhaven/managed.json', problem: 'unknown key' } });
    expect(plan).toMatchObject({ kind: 'start', backend: { kind: 'demo' } });
  });

  describe('precedence', () => {
    const everything = { managed: managed({ backendUrl: 'https://managed.acme.test' }), env: { [TENANT_CONFIG_ENV]: '/env/tenant.yaml' } };

    it('a command-line flag wins over the managed file and the environment', () => {
      expect(decide({ ...everything, flags: { config: 'flag.yaml' } })).toMatchObject({ backend: { kind: 'embedded', config: path.join(cwd, 'flag.yaml') }, backendSource: 'flag' });
      expect(decide({ ...everything, flags: { backendUrl: 'http://127.0.0.1:8443' } })).toMatchObject({ backend: { kind: 'remote', url: 'http://127.0.0.1:8443' }, backendSource: 'flag' });
    });

    it('the managed backendUrl wins over KEYHAVEN_TENANT_CONFIG', () => {
      expect(decide(everything)).toMatchObject({ backend: { kind: 'remote', url: 'https://managed.acme.test' }, backendSource: 'managed' });
    });

    it('refuses both flags at once rather than picking one', () => {
      expect(decide({ flags: { config: 'a.yaml', backendUrl: 'https://b.test' } })).toEqual({ kind: 'refused', message: 'Give either --config or --backend-url, not both.' });
    });
  });

  it('refuses a --backend-url that the managed configuration would refuse too', () => {
    const plan = decide({ flags: { backendUrl: 'http://vault.acme.test' } });
    expect(plan.kind).toBe('refused');
    expect(plan.kind === 'refused' && plan.message).toContain('--backend-url http://vault.acme.test');
  });

  it('takes the sign-in timeouts from the flags, with one default for the start at login', () => {
    expect(decide({ flags: { hiddenStartTimeoutMs: 5_000, signInTimeoutMs: 1_500 } })).toMatchObject({ hiddenStartTimeoutMs: 5_000, signInTimeoutMs: 1_500 });
    const plain = decide();
    expect(plain.kind === 'start' && plain.hiddenStartTimeoutMs).toBe(90_000);
    expect(plain.kind === 'start' && 'signInTimeoutMs' in plain).toBe(false);
    expect(decide({ flags: { hiddenStartTimeoutMs: 0 } })).toMatchObject({ hiddenStartTimeoutMs: 90_000 });
  });
});
