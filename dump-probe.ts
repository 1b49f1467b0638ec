import { readFileSync } from 'node:fs';
import { parseImport } from '/work/main/main/import/detect-format';
for (const f of process.argv.slice(2)) {
  const r = await parseImport({ bytes: new Uint8Array(readFileSync(f)) }, { password: 'correct horse battery staple' });
  console.log('==', f, r.format, 'rows', r.rows, 'folders', JSON.stringify(r.folders));
  for (const rec of r.records) console.log(JSON.stringify(rec));
  for (const e of [...r.errors, ...r.skipped]) console.log('  !', JSON.stringify(e));
}
