import { buildRenderer } from '../support/renderer-build';
import { benchLine } from './bench-line';

/**
 * `renderer-bundle`: the JavaScript the first screen loads (index.html's module script and the
 * chunks it preloads), gzip-compressed, in KB — against all of the renderer's JavaScript
 * (every chunk, the admin area and the screens after sign-in included), built in the same run.
 * The ceiling is asserted (not timed) in test/integration/build/renderer-bundle.test.ts.
 */
export async function benchRendererBundle(): Promise<string[]> {
  const built = await buildRenderer();
  return [`${benchLine('renderer-bundle', built.initialKb, 'KB gzip initial JS', built.allKb, 'KB gzip all renderer JS')}; ${built.allFiles.length} chunks`];
}
