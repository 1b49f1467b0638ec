/**
 * The onboarding step ids, shared by the planner, the backend, the IPC contract and the
 * renderer. The order is the order the wizard walks; the planner never reorders it.
 */
export const STEP_IDS = ['welcome', 'vault', 'import', 'extension', 'two_factor', 'done'] as const;
export type StepId = (typeof STEP_IDS)[number];

/** What a person may answer for a step. */
export const STEP_RESULTS = ['done', 'skipped'] as const;
export type StepResult = (typeof STEP_RESULTS)[number];
