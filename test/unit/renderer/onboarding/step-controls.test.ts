import { describe, expect, it } from 'vitest';
import type { OnboardingView, PlannedStep } from '../../../../preload/contract';
import { progressText, shownStepIndex, stepControls, stepItemText } from '../../../../renderer/src/onboarding/step-controls';

const step = (over: Partial<PlannedStep> & Pick<PlannedStep, 'id'>): PlannedStep => ({ required: false, status: 'pending', ...over });

describe('stepControls', () => {
  it('offers "Skip this step" for a pending optional step', () => {
    expect(stepControls(step({ id: 'import' }), 2)).toEqual({ back: true, next: false, skip: true });
    expect(stepControls(step({ id: 'extension' }), 3).skip).toBe(true);
    expect(stepControls(step({ id: 'two_factor', methods: ['totp'] }), 4).skip).toBe(true);
  });

  it('never offers skip for a required step', () => {
    expect(stepControls(step({ id: 'two_factor', required: true, methods: ['totp'] }), 4).skip).toBe(false);
    expect(stepControls(step({ id: 'vault', required: true, masterPassword: 'required' }), 1).skip).toBe(false);
    expect(stepControls(step({ id: 'import', required: true }), 2).skip).toBe(false);
  });

  it('never offers skip on welcome or finish, which their own button answers', () => {
    expect(stepControls(step({ id: 'welcome' }), 0).skip).toBe(false);
    expect(stepControls(step({ id: 'done' }), 5).skip).toBe(false);
  });

  it('offers no skip for a step already answered, but Next', () => {
    expect(stepControls(step({ id: 'import', status: 'skipped' }), 2)).toEqual({ back: true, next: true, skip: false });
    expect(stepControls(step({ id: 'vault', required: true, status: 'done' }), 1)).toEqual({ back: true, next: true, skip: false });
  });

  it('offers no Next on a pending step: its own action answers it', () => {
    expect(stepControls(step({ id: 'vault', required: true }), 1).next).toBe(false);
    expect(stepControls(step({ id: 'welcome' }), 0).next).toBe(false);
  });

  it('offers Back everywhere but on the first planned step', () => {
    expect(stepControls(step({ id: 'welcome' }), 0).back).toBe(false);
    expect(stepControls(step({ id: 'two_factor', required: true }), 0).back).toBe(false);
    expect(stepControls(step({ id: 'done' }), 5).back).toBe(true);
  });

  it('offers no Next on the finish step', () => {
    expect(stepControls(step({ id: 'done', status: 'done' }), 5).next).toBe(false);
  });
});

describe('progress text', () => {
  it('counts from one', () => {
    expect(progressText(0, 6)).toBe('Step 1 of 6');
    expect(progressText(1, 5)).toBe('Step 2 of 5');
  });

  it('says whether each step is required or optional, and its status', () => {
    expect(stepItemText(step({ id: 'vault', required: true, status: 'done' }))).toEqual({ title: 'Create your vault', need: 'required', status: 'done' });
    expect(stepItemText(step({ id: 'import', status: 'skipped' }))).toEqual({ title: 'Import passwords', need: 'optional', status: 'skipped' });
    expect(stepItemText(step({ id: 'two_factor', required: true })).status).toBe('not done yet');
    // Welcome and finish are not tasks: never marked optional or required.
    expect(stepItemText(step({ id: 'welcome' })).need).toBeNull();
    expect(stepItemText(step({ id: 'done' })).need).toBeNull();
  });
});

describe('shownStepIndex', () => {
  const plan: OnboardingView = {
    enabled: true,
    current: 'import',
    steps: [
      step({ id: 'welcome', status: 'done' }),
      step({ id: 'vault', required: true, status: 'done' }),
      step({ id: 'import' }),
      step({ id: 'two_factor', required: true }),
      step({ id: 'done' }),
    ],
  };

  it('shows the current step', () => {
    expect(shownStepIndex(plan, null)).toBe(2);
  });

  it('shows a step the user went back to', () => {
    expect(shownStepIndex(plan, 'welcome')).toBe(0);
  });

  it('never shows a step beyond the current one', () => {
    expect(shownStepIndex(plan, 'two_factor')).toBe(2);
    expect(shownStepIndex(plan, 'done')).toBe(2);
  });

  it('ignores a step the plan no longer lists', () => {
    expect(shownStepIndex(plan, 'extension')).toBe(2);
  });

  it('shows the last step when nothing is pending, and nothing when nothing is planned', () => {
    expect(shownStepIndex({ ...plan, current: null }, null)).toBe(4);
    expect(shownStepIndex({ enabled: false, steps: [], current: null }, null)).toBe(-1);
  });
});
