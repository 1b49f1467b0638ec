// `npm run bench`: every benchmark, each as a ratio to a baseline measured in the same run
// (these machines are noisy: absolute times mean little, ratios a lot more).
import './process-settings';
import { benchLine } from './bench-line';
import { benchImport100kInChild } from './import-100k';
import { benchVaultSearch } from './vault-search';
import { benchVaultUnlock } from './vault-unlock';

type Bench = { name: string; run: () => Promise<string[]> };

const only = process.argv.slice(2);

const benches: Bench[] = [
  {
    name: 'saml-acs',
    run: async () => {
      const { benchSamlAcs } = await import('./saml-acs-path');
      return benchSamlAcs();
    },
  },
  {
    // The SAML check alone (no HTTP, no JIT) against node-saml's on the same responses.
    name: 'saml-validation',
    run: async () => {
      const { benchSamlValidation } = await import('./saml-acs');
      const r = await benchSamlValidation();
      const line = benchLine('saml-validation', r.perSecond, 'responses/s', r.baselinePerSecond, 'responses/s node-saml validatePostResponseAsync');
      return [`${line}; first createSamlSp + validateResponse in a fresh process ${r.firstMs.toFixed(1)} ms`];
    },
  },
  {
    name: 'oidc-callback',
    run: async () => {
      const { benchOidcCallback } = await import('./oidc-callback');
      return benchOidcCallback();
    },
  },
  {
    name: 'scim-create',
    run: async () => {
      const { benchScimCreate } = await import('./scim-bench');
      return [await benchScimCreate()];
    },
  },
  {
    name: 'scim-filter-10k',
    run: async () => {
      const { benchScimFilter10k } = await import('./scim-bench');
      return [await benchScimFilter10k()];
    },
  },
  {
    name: 'admin-users-10k',
    run: async () => {
      const { benchAdminUsers10k } = await import('./admin-users-bench');
      return benchAdminUsers10k();
    },
  },
  {
    name: 'audit-export-100k',
    run: async () => {
      const { benchAuditExport100k } = await import('./audit-export-bench');
      return [await benchAuditExport100k()];
    },
  },
  {
    name: 'jit-first-logins',
    run: async () => {
      const { benchJitFirstLogins } = await import('./jit-first-logins');
      return benchJitFirstLogins();
    },
  },
  {
    name: 'startup',
    run: async () => {
      const { benchStartup } = await import('./startup');
      return benchStartup();
    },
  },
  {
    name: 'renderer-bundle',
    run: async () => {
      const { benchRendererBundle } = await import('./renderer-bundle');
      return benchRendererBundle();
    },
  },
  {
    name: 'vault-unlock-10k',
    run: async () => {
      const f = await benchVaultUnlock();
      const cpu = f.detail ?? {};
      return [`${benchLine(f.name, f.figure, f.unit, f.baseline, f.baselineUnit)}; CPU ${cpu.cpuMs} ms (${cpu.cpuRatio} x ${cpu.baselineCpuMs} ms); the format's least work, unchecked, ${cpu.floorMs} ms (${cpu.floorRatio} x); median of ${cpu.rounds} rounds`];
    },
  },
  {
    name: 'vault-search-10k',
    run: async () => (await benchVaultSearch()).map((f) => benchLine(f.name, f.figure, f.unit, f.baseline, f.baselineUnit)),
  },
  {
    name: 'vault-search-100k',
    run: async () => (await benchVaultSearch(100_000)).map((f) => benchLine(f.name, f.figure, f.unit, f.baseline, f.baselineUnit)),
  },
  {
    name: 'vault-sync-50k',
    run: async () => {
      const { benchVaultSync } = await import('./vault-sync');
      const f = await benchVaultSync();
      return [benchLine(f.name, f.figure, f.unit, f.baseline, f.baselineUnit)];
    },
  },
  {
    name: 'device-approval',
    run: async () => {
      const { benchDeviceApproval } = await import('./device-approval');
      const f = await benchDeviceApproval();
      return [benchLine(f.name, f.figure, f.unit, f.baseline, f.baselineUnit)];
    },
  },
  {
    name: 'vault-rotate-10k',
    run: async () => {
      const { benchVaultRotate } = await import('./vault-rotate');
      const f = await benchVaultRotate();
      return [benchLine(f.name, f.figure, f.unit, f.baseline, f.baselineUnit)];
    },
  },
  {
    name: 'import-100k',
    run: async () => {
      // In a process of its own: the peak memory is the import's, whatever ran before it here.
      const r = await benchImport100kInChild();
      return [`${benchLine('import-100k', r.ms, 'ms', r.baselineMs, 'ms parse+AES-GCM')}; CPU ${r.cpuMs} ms (${(r.cpuMs / r.baselineCpuMs).toFixed(2)} x ${r.baselineCpuMs} ms); peak memory ${r.peakRssMb} MB (${r.startRssMb} MB before the import); median of 5 rounds`];
    },
  },
];

let failed = false;
for (const bench of benches) {
  if (only.length > 0 && !only.some((o) => bench.name.startsWith(o))) continue;
  try {
    for (const line of await bench.run()) console.log(line);
  } catch (err) {
    failed = true;
    console.error(`bench ${bench.name}: failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
process.exit(failed ? 1 : 0);
