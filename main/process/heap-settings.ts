import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings every Keyhaven process applies before its work starts: the Electron main, the web
 * host and the standalone backend call `applyHeapSettings()` first (the benches too, so they
 * measure what the app runs).
 *
 * `--no-concurrent-array-buffer-sweeping`: V8 frees the memory of dead ArrayBuffers (every
 * Buffer that `cipher.update`, `final` and `getAuthTag` hand back has its own) on a background
 * thread by default. On the 2-core machines this was measured on, that thread and the main
 * thread then allocate and free through the same allocator at once, and one AES-256-GCM
 * operation through node:crypto took 4–9 µs instead of 2.6 µs; an import of 100,000 records
 * took 21–28 % longer, an unlock of 10,000 records about 15 % (test/bench/README.md, "A sixth
 * round"). Freed at the collection itself instead, the same memory goes back in well under a
 * millisecond per collection, the path V8 itself takes whenever it is reducing memory.
 *
 * V8 reads the flag each time a collection asks for this sweep, so setting it after the process
 * started takes effect from the next collection; a sweep already running finishes as it began.
 */
export const HEAP_FLAGS: readonly string[] = ['--no-concurrent-array-buffer-sweeping'];

let applied = false;

/** Applies HEAP_FLAGS once per process (V8's flags are shared by its worker threads). */
export function applyHeapSettings(): void {
  if (applied) return;
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
  applied = true;
}
