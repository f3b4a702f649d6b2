import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { EnvironmentError, UsageError } from '../../../errors.js';
import { INOTIFY_FIX, INOTIFY_PER_NODE, inotifyUse, nodesThatFit } from '../../../nodes/host-limits.js';
import { ensureWorkshopImages } from '../../../nodes/images.js';
import { openLab } from '../../../nodes/lab/record.js';
import { addStudents, checkClassName, classDir, numberedStudents, readRoster, saveRoster, type Roster } from '../../../nodes/lab/roster.js';
import { writeText } from '../../../nodes/lab/store.js';
import { providerFor } from '../../../nodes/provider/index.js';
import { renderCardHtml, renderCardMarkdown } from '../../../report/cards.js';
import { openScenario } from '../../../scenario/open.js';
import { concludeFanOut, fanOut, type LabOutcome } from '../../class/fan-out.js';
import { scenarioContext } from '../../lab-context.js';
import { classOptions, type ClassOptions } from './options.js';

interface UpOptions extends ClassOptions {
  students?: string;
  scenario?: string;
  listen?: string;
}

export function registerClassUp(cls: Command): void {
  classOptions(cls.command('up'), { only: false })
    .description("boot a lab per student (bounded parallelism); run again to add students or repair labs")
    .argument('[count]', 'number of students (s01, s02, …)')
    .option('--students <file>', 'one student name a line')
    .option('--scenario <name>', 'the scenario the class follows (default tls-selfsigned)')
    .option('--listen <addr>', "publish every lab's SSH on this address too, for students' own machines")
    .action(async (count: string | undefined, opts: UpOptions) => {
      const name = checkClassName(opts.class);
      const names = studentNames(count, opts.students);
      let roster: Roster = readRoster(name) ?? { name, scenario: 'tls-selfsigned', students: [] };
      roster = addStudents({ ...roster, scenario: opts.scenario ?? roster.scenario, listen: opts.listen ?? roster.listen }, names);
      const scenario = await openScenario(roster.scenario, scenarioContext(openLab(undefined).topology)); // a misspelt scenario fails before any boot
      if (roster.students.length === 0) throw new UsageError('no students: give a count or --students FILE', 'e.g. lab class up 4');
      saveRoster(roster);
      checkRoom(roster.students.filter((st) => !openLab(st.lab).record).length);
      // Host-wide images once, before the labs start (each lab's own check then finds them).
      const sample = openLab(roster.students[0]!.lab);
      process.stdout.write(`class "${name}": ${roster.students.length} labs, ${opts.parallel} at a time; host images: ${(await providerFor(sample.topology.provider).prepareHost()) ?? 'none needed'}, ${(await ensureWorkshopImages(sample.topology)).map((i) => i.ref).join(', ')}\n`);
      const outcomes = await fanOut(roster, roster.students, 'up', () => ['up', ...(roster.listen ? ['--listen', roster.listen] : [])], opts.parallel);
      writeCards(roster, scenario.title, outcomes);
      concludeFanOut('up', outcomes);
    });
}

/** Enough inotify instances for the labs to boot (each node's systemd needs some): refuse early otherwise. */
function checkRoom(newLabs: number): void {
  const inotify = inotifyUse();
  if (!inotify || newLabs === 0) return;
  const fit = nodesThatFit(inotify);
  if (fit < newLabs * 2) {
    throw new EnvironmentError(`this host has inotify instances for about ${fit} more nodes (${inotify.inUse} of ${inotify.limit} in use, ${INOTIFY_PER_NODE} per node), not the ${newLabs * 2} that ${newLabs} new labs need: their systemd would not start`, INOTIFY_FIX);
  }
}

function studentNames(count: string | undefined, file: string | undefined): string[] {
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --students ${file}: ${(error as Error).message}`);
    }
    return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  }
  if (count === undefined) return [];
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1 || n > 200) throw new UsageError(`"${count}" is not a number of students (1–200)`, 'e.g. lab class up 4, or --students names.txt');
  return numberedStudents(n);
}

/** A card per student whose lab is up (Markdown and HTML), and the table the trainer reads. */
function writeCards(roster: Roster, scenarioTitle: string, outcomes: LabOutcome[]): void {
  const dir = join(classDir(roster.name), 'cards');
  const address = roster.listen && roster.listen !== '0.0.0.0' ? roster.listen : '127.0.0.1';
  process.stdout.write(`\n${'student'.padEnd(12)} ${'lab'.padEnd(20)} ${'node1'.padEnd(16)} ${'node2'.padEnd(16)} connect (node1)\n`);
  for (const o of outcomes.filter((x) => x.exitCode === 0)) {
    const lab = openLab(o.student.lab);
    if (!lab.record) continue;
    const nodes = lab.topology.nodes.map((n) => ({ name: n.name, ip: n.ip, port: lab.record!.ports[n.name]! }));
    const card = { student: o.student.name, lab: lab.id, className: roster.name, address, nodes, key: readFileSync(lab.files.key, 'utf8'), scenario: { name: roster.scenario, title: scenarioTitle } };
    const base = join(dir, o.student.lab);
    writeText(`${base}.md`, renderCardMarkdown(card), 0o600);
    writeText(`${base}.html`, renderCardHtml(card), 0o600);
    process.stdout.write(`${o.student.name.padEnd(12)} ${lab.id.padEnd(20)} ${nodes[0]!.ip.padEnd(16)} ${(nodes[1]?.ip ?? '').padEnd(16)} ssh -i ${lab.files.key} -p ${nodes[0]!.port} vagrant@${address}\n`);
  }
  process.stdout.write(`cards (Markdown and HTML, one per student): ${dir}\n`);
}
