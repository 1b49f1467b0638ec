import type { StepId } from '../../../main/shared/onboarding-step-ids';

/** The name of each step in the progress indicator (the ids and their order: main/shared/onboarding-step-ids.ts). */
export const STEP_TITLES: Readonly<Record<StepId, string>> = {
  welcome: 'Welcome',
  vault: 'Create your vault',
  import: 'Import passwords',
  extension: 'Browser extension',
  two_factor: 'Two-factor authentication',
  done: 'Finish',
};
