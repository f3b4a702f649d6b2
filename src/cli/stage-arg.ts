import { UsageError } from '../errors.js';
import type { Scenario, Stage } from '../scenario/model.js';
import { suggestKey } from '../scenario/suggest.js';

/** A stage named on the command line, by id or by 1-based number. */
export function findStage(scenario: Scenario, idOrNumber: string): Stage {
  const n = Number(idOrNumber);
  const stage = Number.isInteger(n) && n >= 1 ? scenario.stages[n - 1] : scenario.stages.find((s) => s.id === idOrNumber);
  if (stage) return stage;
  const ids = scenario.stages.map((s) => s.id);
  const near = suggestKey(idOrNumber, ids);
  throw new UsageError(`${scenario.name} has no stage "${idOrNumber}"${near ? ` (did you mean ${near}?)` : ''}`, `stages: ${ids.join(', ')}`);
}
