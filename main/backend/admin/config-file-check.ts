import { stat } from 'node:fs/promises';
import { ConfigError, type ConfigIssue } from '../config/config-error';
import { loadTenantConfig } from '../config/parse-tenant-config';
import type { TenantConfig } from '../config/tenant-config';
import type { AdminPrincipal } from './admin-scope';

export interface ConfigFileCheck {
  /** The file the running configuration was loaded from. */
  readonly file: string;
  readonly loadedAt: string;
  /**
   * The file as it is on disk now, checked as a start would check it: `valid` (a restart loads
   * it), `invalid` (a restart would refuse it: fix it first), or `not_a_file` (the configuration
   * was given in memory, e.g. the demo's).
   */
  readonly state: 'valid' | 'invalid' | 'not_a_file';
  readonly issueCount: number;
  /** The problems, for an administrator of the whole tenant; null for a scoped one (they name other nodes). */
  readonly issues: readonly ConfigIssue[] | null;
}

/**
 * The running configuration passed every check when it loaded; edits to the file do not apply
 * until a restart. This re-reads the file and reports what a restart would say about it.
 */
export async function checkConfigFile(config: TenantConfig, loadedAt: Date, principal: AdminPrincipal): Promise<ConfigFileCheck> {
  const wholeTenant = principal.nodes === null || config.nodes.every((n) => principal.nodes?.includes(n.name));
  const base = { file: config.file, loadedAt: loadedAt.toISOString() };
  const isFile = await stat(config.file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return { ...base, state: 'not_a_file', issueCount: 0, issues: wholeTenant ? [] : null };
  try {
    await loadTenantConfig(config.file);
    return { ...base, state: 'valid', issueCount: 0, issues: wholeTenant ? [] : null };
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return { ...base, state: 'invalid', issueCount: err.issues.length, issues: wholeTenant ? err.issues : null };
  }
}
