import { describe, expect, it } from 'vitest';
import { STEP_IDS } from '../../../../main/shared/onboarding-step-ids';
import { STEP_TITLES } from '../../../../renderer/src/onboarding/step-ids';
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

  it('lists each step once', () => {
    expect(new Set(STEP_IDS).size).toBe(STEP_IDS.length);
  });
});
