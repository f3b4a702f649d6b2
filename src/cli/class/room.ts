import pLimit from 'p-limit';
import { LabError } from '../../errors.js';
import { runScenario } from '../../engine/run.js';
import { openLab } from '../../nodes/lab/record.js';
import type { Roster, Student } from '../../nodes/lab/roster.js';
import { providerFor } from '../../nodes/provider/index.js';
import type { NodeStatus } from '../../nodes/provider/provider.js';
import { readProgress, recordProgress } from '../../nodes/progress.js';
import { openScenario } from '../../scenario/open.js';
import type { Scenario } from '../../scenario/model.js';
import { checkedStages, stageAfter } from '../../scenario/stages.js';
import { redact } from '../../report/redact.js';
import type { RoomSnapshot, StudentRow } from '../../report/room.js';
import { scenarioContext } from '../lab-context.js';
import { withSession } from '../lab-session.js';
import { defaultParallel } from './fan-out.js';

/**
 * The room, as the trainer sees it: for every student's lab, its nodes and where the student is
 * in the class's scenario. The checks run in every lab (in parallel, bounded), from the stage
 * after the last one that passed, moving on while they pass — so a student who did two stages
 * since the last look shows both. Read-only for the nodes: no lock, progress written atomically.
 */
export async function roomSnapshot(roster: Roster, scenarioName = roster.scenario, parallel = defaultParallel() * 2): Promise<RoomSnapshot> {
  const limit = pLimit(parallel);
  const stages = (scenario: Scenario) => checkedStages(scenario).map((s) => ({ id: s.id, title: s.title }));
  const rows = await Promise.all(roster.students.map((s) => limit(() => studentRow(s, scenarioName))));
  const first = roster.students[0] ? openLab(roster.students[0].lab) : openLab(undefined);
  return { class: roster.name, scenario: scenarioName, stages: stages(await openScenario(scenarioName, scenarioContext(first.topology))), at: new Date().toISOString(), students: rows };
}

async function studentRow(student: Student, scenarioName: string): Promise<StudentRow> {
  const row: StudentRow = { student: student.name, lab: student.lab, nodes: [], done: [], stage: null };
  try {
    const lab = openLab(student.lab);
    row.nodes = await providerFor(lab.topology.provider).status(lab);
    if (!lab.record) return { ...row, error: 'not up' };
    const down = row.nodes.filter((n: NodeStatus) => n.state !== 'running');
    if (down.length) return { ...row, error: `${down.map((n) => `${n.name} ${n.state}`).join(', ')}` };
    const scenario = await openScenario(scenarioName, scenarioContext(lab.topology));
    const checked = checkedStages(scenario);
    const start = stageAfter(scenario, readProgress(lab)[scenario.name]?.stage);
    let next = start ? checked.indexOf(start) : checked.length;
    await withSession(async (s) => {
      for (; next < checked.length; next++) {
        const stage = checked[next]!;
        const outcome = await runScenario(scenario, s.nodes, { kind: 'check', stages: [stage], signal: s.signal });
        if (!outcome.ok) {
          row.failing = outcome.stages[0]!.results.filter((r) => !r.result.ok).map((r) => ({ check: r.step.title, found: redact(r.result.mismatches.map((m) => `expected ${m.expected}, found ${m.found.split('\n')[0]}`).join('; '), scenario.secrets) }));
          return;
        }
        recordProgress(lab, scenario.name, stage.id);
      }
    }, lab);
    row.done = checked.slice(0, next).map((st) => st.id);
    row.stage = checked[next]?.id ?? null;
    const entry = readProgress(lab)[scenario.name];
    row.since = entry?.since ?? lab.record.created;
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    row.error = error.message.split('\n')[0];
  }
  return row;
}
