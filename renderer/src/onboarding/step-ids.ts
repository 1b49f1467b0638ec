import type { StepId } from '../../../preload/contract';

/** Every onboarding step id, in the order the wizard walks them. */
export const STEP_IDS = ['welcome', 'vault', 'import', 'extension', 'two_factor', 'done'] as const satisfies readonly StepId[];

type MissingStepIds = Exclude<StepId, (typeof STEP_IDS)[number]>;
// Compile-time proof that STEP_IDS lists every StepId.
export const ALL_STEP_IDS_LISTED: [MissingStepIds] extends [never] ? true : MissingStepIds = true;

/** The name of each step in the progress indicator. */
export const STEP_TITLES: Readonly<Record<StepId, string>> = {
  welcome: 'Welcome',
  vault: 'Create your vault',
  import: 'Import passwords',
  extension: 'Browser extension',
  two_factor: 'Two-factor authentication',
  done: 'Finish',
};
