import type { Scenario, Stage } from './model.js';

/** The stages a student is checked on (those with checks), in order. */
export const checkedStages = (scenario: Scenario): Stage[] => scenario.stages.filter((s) => s.checks.length > 0);

/** The checked stage after `lastPassed` (the first when none passed); undefined when all are done. */
export function stageAfter(scenario: Scenario, lastPassed: string | undefined): Stage | undefined {
  const checked = checkedStages(scenario);
  const i = lastPassed ? checked.findIndex((s) => s.id === lastPassed) : -1;
  return checked[i + 1];
}
