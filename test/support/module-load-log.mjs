// Preloaded (`node --import`) into a process under test: appends the URL of every module it
// resolves (import and require alike) to the file KEYHAVEN_MODULE_LOG names, and the line
// `-- stdout: running at` when the process prints its URL, in the order they happened.
import { appendFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const log = process.env.KEYHAVEN_MODULE_LOG;
if (log) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      appendFileSync(log, `${resolved.url}\n`);
      return resolved;
    },
  });
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk, ...rest) => {
    if (String(chunk).includes('is running at')) appendFileSync(log, '-- stdout: running at\n');
    return write(chunk, ...rest);
  };
}
