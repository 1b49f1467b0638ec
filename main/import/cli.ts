import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AppError } from '../errors/app-error';
import { parseImport } from './detect-format';
import { IMPORT_FORMAT_IDS } from './format-registry';
import type { ParseResult } from './imported-record';
import { readImportFile } from './read-import-file';

/**
 * `npm run import-check -- FILE [--format ID] [--password-file F]`
 * Reads an export WITHOUT touching any vault and prints one JSON summary on stdout.
 * Exit 0 when the file was read (even with bad rows), 2 when it could not be.
 * No record content (passwords, usernames, titles) is ever printed.
 */
export function summarise(result: ParseResult): Record<string, unknown> {
  return {
    format: result.format,
    records: result.records.length,
    folders: result.folders.length,
    totp: result.records.filter((r) => r.totp !== null).length,
    notes: result.records.filter((r) => r.type === 'note').length,
    errors: result.errors.map(({ line, message }) => ({ line, message })),
    // Only present when something is to be said, so a clean file's summary stays short.
    ...(result.errorCount > result.errors.length ? { errorsNotListed: result.errorCount - result.errors.length } : {}),
    ...(result.warningCount > 0 ? { warnings: result.warnings.map(({ line, message }) => ({ line, message })) } : {}),
    ...(result.warningCount > result.warnings.length ? { warningsNotListed: result.warningCount - result.warnings.length } : {}),
  };
}

function fail(message: string): never {
  process.stderr.write(`import-check: ${message}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { format: { type: 'string' }, 'password-file': { type: 'string' } },
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : 'bad arguments');
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) fail('usage: import-check FILE [--format ID] [--password-file F]');
  const format = parsed.values.format;
  if (format !== undefined && !IMPORT_FORMAT_IDS.includes(format)) {
    fail(`unknown format "${format}". Valid formats: ${IMPORT_FORMAT_IDS.join(', ')}`);
  }
  let password: string | undefined;
  const passwordFile = parsed.values['password-file'];
  if (passwordFile !== undefined) {
    try {
      // A trailing newline from `echo pw > file` is not part of the password.
      password = (await readFile(passwordFile, 'utf8')).replace(/\r?\n$/, '');
    } catch {
      fail(`cannot read the password file ${passwordFile}`);
    }
  }
  try {
    const input = await readImportFile(file);
    const result = await parseImport(input, { ...(format === undefined ? {} : { format }), ...(password === undefined ? {} : { password }) });
    // Skipped rows are accounted for, not lost: they go to stderr so stdout stays one JSON object.
    for (const s of result.skipped) process.stderr.write(`import-check: skipped line ${s.line}: ${s.reason}\n`);
    if (result.skippedCount > result.skipped.length) {
      process.stderr.write(`import-check: ${result.skippedCount - result.skipped.length} more skipped rows are not listed\n`);
    }
    process.stdout.write(`${JSON.stringify(summarise(result))}\n`);
  } catch (err) {
    if (err instanceof AppError) fail(`${err.code}: ${err.publicMessage}`);
    fail(`unexpected failure: ${err instanceof Error ? err.message : String(err)}`);
  }
}

await main(process.argv.slice(2));
