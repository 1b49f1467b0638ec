import { AppError } from '../../errors/app-error';

export interface ConfigIssue {
  /** Where in the file, e.g. `sso[1].domains[0]`; empty for the whole document. */
  readonly path: string;
  readonly reason: string;
}

/**
 * A tenant config that cannot be used. The message names the file, the path in it and what is
 * wrong, one line per issue, so an administrator can fix the file without reading our code.
 */
export class ConfigError extends AppError {
  readonly file: string;
  readonly issues: readonly ConfigIssue[];

  constructor(file: string, issues: readonly ConfigIssue[]) {
    const lines = issues.map((i) => `${file}: ${i.path === '' ? '(document)' : i.path}: ${i.reason}`);
    super('config_invalid', `Invalid tenant config\n${lines.join('\n')}`);
    this.name = 'ConfigError';
    this.file = file;
    this.issues = issues;
  }
}

/** `['sso', 1, 'domains', 0]` → `sso[1].domains[0]` */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
