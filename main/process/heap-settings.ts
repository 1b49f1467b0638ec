import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8 settings every Keyhaven process applies before its work starts: the Electron main, the web
 * host and the standalone backend call `applyHeapSettings()` first (the benches too, so they
 * measure what the app runs). Below them, the collection that ends a backend's start-up.
 *
 * `--no-concurrent-array-buffer-sweeping`: V8 frees the memory of dead ArrayBuffers (each
 * Buffer that `cipher.update` hands back has one of its own) on a background thread by default:
 * on the 2-core machines this was measured on, the other core frees the memory the main thread
 * keeps allocating. One AES-256-GCM operation through node:crypto then took 4–9 µs; with the
 * process pinned to one core, or with this sweep done at the collection, 2.6 µs. Freed at the
 * collection itself (the path V8 itself takes whenever it is reducing memory), an import of
 * 100,000 records took 21–28 % less time and an unlock of 10,000 records 17–20 % less
 * (test/bench/README.md, "A sixth round").
 *
 * V8 reads the flag each time a collection asks for this sweep, so setting it after the process
 * started takes effect from the next collection; a sweep already running finishes as it began.
 * It changes no generated code (V8 leaves it out of the code cache's flag hash). Node keeps V8's
 * flags open to change after start, and so does Electron's main process (Node in it needs that),
 * so the same call serves both.
 */
export const HEAP_FLAGS: readonly string[] = ['--no-concurrent-array-buffer-sweeping'];

let applied = false;

/** Applies HEAP_FLAGS once per process (V8's flags are shared by its worker threads). */
export function applyHeapSettings(): void {
  if (applied) return;
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
  applied = true;
}

type YoungCollection = (options: { readonly type: 'minor' }) => void;
let youngCollection: YoungCollection | null = null;

/**
 * One young-generation collection, at the end of a start-up (`createBackend` calls it once its
 * routes, SAML set-up and workers are ready). A start fills the young generation with what it
 * made; V8 then posts a collection as a task, which runs at the next await — inside the first
 * request when requests arrive at once, as they do at an instance restarted behind a load
 * balancer. The backend's first SAML response in a fresh process took 23–36 ms without that
 * collection in it and 42–73 ms with it; collected here, the start is 17–31 ms longer and the
 * first response 22–30 ms (test/bench/README.md, "A sixth round").
 *
 * V8's `gc` function is made visible only in a context of its own, never to the app's code.
 */
export function collectStartupGarbage(): void {
  if (youngCollection === null) {
    setFlagsFromString('--expose-gc');
    youngCollection = runInNewContext('gc') as YoungCollection;
  }
  youngCollection({ type: 'minor' });
}
