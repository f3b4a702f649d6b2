/**
 * The room as data: what `lab class status --json` prints and what the trainer's page draws.
 */
export interface StudentRow {
  student: string;
  lab: string;
  nodes: { name: string; state: string; ip: string }[];
  /** Stages whose checks passed, in order. */
  done: string[];
  /** The stage the student is on; null once every stage is done (or when the lab is not usable). */
  stage: string | null;
  /** When the student got to their stage (ISO time). */
  since?: string;
  /** The checks of the current stage that fail, with what they found. */
  failing?: { check: string; found: string }[];
  /** Why the lab could not be looked at (not up, a node stopped, SSH down). */
  error?: string;
}

export interface RoomSnapshot {
  class: string;
  scenario: string;
  stages: { id: string; title: string }[];
  at: string;
  students: StudentRow[];
}

/** "4 min" for the time since an ISO date. */
export function elapsed(since: string | undefined, now: Date): string {
  if (!since) return '';
  const s = Math.max(0, Math.round((now.getTime() - new Date(since).getTime()) / 1000));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** The room as plain lines, one per student: where they are, since when, and what fails. */
export function renderRoomText(r: RoomSnapshot, now = new Date()): string {
  const width = Math.max(7, ...r.students.map((s) => s.student.length));
  const lines = [`class "${r.class}" — ${r.scenario} (${r.stages.length} stages)`];
  for (const s of r.students) {
    const state = s.error
      ? `✗ ${s.error}`
      : s.stage === null
        ? `✓ all ${r.stages.length} stages done`
        : `stage ${r.stages.findIndex((st) => st.id === s.stage) + 1}/${r.stages.length} ${s.stage} for ${elapsed(s.since, now)}${s.failing?.length ? ` — ✗ ${s.failing[0]!.check}` : ''}`;
    lines.push(`${s.student.padEnd(width)}  ${s.lab.padEnd(width + r.class.length + 1)}  ${s.nodes.map((n) => `${n.name} ${n.state}`).join(', ').padEnd(28)}  ${state}`);
  }
  return `${lines.join('\n')}\n`;
}
