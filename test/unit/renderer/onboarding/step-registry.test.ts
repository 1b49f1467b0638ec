import { describe, expect, it } from 'vitest';
import { STEP_IDS as PLANNER_STEP_IDS } from '../../../../main/policy/onboarding-steps';
import { STEP_IDS, STEP_TITLES } from '../../../../renderer/src/onboarding/step-ids';
import { STEP_REGISTRY } from '../../../../renderer/src/onboarding/step-registry';

describe('onboarding step registry', () => {
  it.each(STEP_IDS)('has a screen and a title for step %s', (id) => {
    const entry = STEP_REGISTRY[id];
    expect(entry).toBeDefined();
    expect(typeof entry.Screen).toBe('function');
    expect(entry.title).toBe(STEP_TITLES[id]);
    expect(entry.title.length).toBeGreaterThan(0);
  });

  it('registers no screen for an unknown step', () => {
    expect(Object.keys(STEP_REGISTRY).sort()).toEqual([...STEP_IDS].sort());
  });

  it('walks the steps in the order the planner plans them', () => {
    expect([...STEP_IDS]).toEqual([...PLANNER_STEP_IDS]);
  });

  it('lists each step once', () => {
    expect(new Set(STEP_IDS).size).toBe(STEP_IDS.length);
  });
});
