// Every bench process runs with the settings the app's processes apply first
// (main/process/heap-settings.ts), so a bench measures what the app runs; the baseline it is
// compared with runs in the same process, under the same settings. `run.ts` imports this first;
// `inFreshProcess` loads it into each child process with `--import`.
import { applyHeapSettings } from '../../main/process/heap-settings';

applyHeapSettings();
