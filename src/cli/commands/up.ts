import { setPriority } from 'node:os';
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { summary } from './summaries.js';
import type { ListrTask } from 'listr2';
import { EnvironmentError, InterruptedError, LabError, StateError } from '../../errors.js';
import { INOTIFY_FIX, inotifyUse, nodesThatFit } from '../../nodes/host-limits.js';
import { recordBaseline } from '../../nodes/baseline.js';
import type { WorkshopImage } from '../../nodes/images.js';
import { hostImages } from '../../nodes/host-images.js';
import { allocate } from '../../nodes/lab/allocate.js';
import { ensureLabKey } from '../../nodes/lab/key.js';
import { labCommand, saveRecord, type Lab } from '../../nodes/lab/record.js';
import { labFiles } from '../../nodes/lab/paths.js';
import { clearLabDir } from '../../nodes/lab/store.js';
import { loadWorkshopImages } from '../../nodes/lifecycle.js';
import { askNodes, bootSignals, whileBooting, type AskedWhileBooting, type NodeFacts } from '../../nodes/node-facts.js';
import { providerFor } from '../../nodes/provider/index.js';
import type { BootInputs } from '../../nodes/provider/provider.js';
import { repairUnreachable } from '../../nodes/repair.js';
import { hostKeysFrom } from '../../nodes/host-keys.js';
import { saveSshEntries, type SshEntry } from '../../nodes/ssh-config-cache.js';
import { SshNodes } from '../../nodes/ssh-transport.js';
import { checkProvider } from '../../nodes/lab/names.js';
import { readTopologyFile } from '../../nodes/topology.js';
import { interruptSignal } from '../interrupt.js';
import { asWriter, currentLab } from '../lab-context.js';

/** The niceness of `lab up` once Vagrant runs beside it. */
const YIELD_TO_VAGRANT = 10;

interface UpContext {
  lab: Lab;
  prepared?: string;
  images: WorkshopImage[];
  running: boolean;
  /** Asked of the provider once (on VirtualBox, `vagrant ssh-config` costs 3.5 s). */
  entries: SshEntry[];
  nodes?: SshNodes;
  /** Leftovers removed, and whether the nodes already run (started by the record's task). */
  leftovers?: Promise<[string[], boolean]>;
  /** Asked of the nodes while Vagrant finishes, when the provider tells their SSH before boot. */
  early?: Promise<AskedWhileBooting>;
  answers: NodeFacts[];
  baselined: boolean;
  notes: string[];
}

export interface UpOptions {
  /** Publish the nodes' SSH on this address too (a class's students connect there). */
  listen?: string;
}

/**
 * `lab up`: every phase is a titled task, each a call into src/nodes. Idempotent: a running lab
 * is checked (and repaired), not rebooted. On docker the node image carries the workshop images.
 */
export async function up(options: UpOptions = {}): Promise<void> {
  const lab = openForUp();
  await asWriter(lab, () => upLocked(lab, options));
}

/** The lab to bring up; a damaged lab.json is named, and the lab rebuilt from scratch. */
function openForUp(): Lab {
  try {
    return currentLab();
  } catch (error) {
    if (!(error instanceof StateError)) throw error;
    process.stderr.write(`lab: ${error.message}: rebuilding the lab\n`);
    // Without its record the lab's Vagrant state means nothing: its nodes go as leftovers.
    clearLabDir(dirname(error.file));
    return currentLab();
  }
}

async function upLocked(initial: Lab, options: UpOptions): Promise<void> {
  const file = readTopologyFile();
  const providerName = initial.record?.provider ?? (process.env.LAB_PROVIDER ? checkProvider(process.env.LAB_PROVIDER) : file.provider);
  const provider = providerFor(providerName);
  const names = initial.topology.nodes.map((n) => n.name);
  const both = names.join(' and ');
  const ctx: UpContext = { lab: initial, images: [], running: false, entries: [], answers: [], baselined: false, notes: [] };
  // A lab without a record has no node: it boots for sure, and Vagrant starts first. Its own
  // start-up (0.5 s before it reads the Vagrantfile, which waits for `hostReady`) runs beside the
  // tasks below, which settle `hostReady` once the host is ready, or stop Vagrant if it fails.
  let settle!: { resolve: (inputs: BootInputs) => void; reject: (error: Error) => void };
  const hostReady = new Promise<BootInputs>((resolve, reject) => (settle = { resolve, reject }));
  hostReady.catch(() => undefined); // a boot that had it reports its own failure
  const vagrantSaw = bootSignals(names);
  const early = initial.record ? undefined : provider.boot(initial, hostReady, vagrantSaw.tell);
  early?.catch(() => undefined); // awaited by the boot's task
  // From here lab's own work (its checks, the docker CLIs it runs, its SSH) runs beside Vagrant's
  // CPU-bound start-up on the same cores: it yields (Vagrant reached its first line 0.07 s sooner).
  // For the rest of this process (Linux: its main thread, and what it starts from now on).
  if (early) yieldToVagrant();
  // Started at once, awaited in its turn: the images do not depend on the lab's record or leftovers.
  const imagesReady = hostImages(providerName, initial.topology, () => provider.prepareHost());
  imagesReady.catch(() => undefined); // its failure is reported by its own task
  const record: ListrTask<UpContext> = {
    title: `Lab "${initial.id}": subnet and SSH ports`,
    task: async (c, task) => {
      if (c.lab.record && (options.listen ?? undefined) !== c.lab.record.listen) {
        // The published addresses of a container cannot change: rebuild with the new ones.
        c.notes.push(`SSH now published on ${options.listen ?? '127.0.0.1'} (was ${c.lab.record.listen ?? '127.0.0.1'}): nodes rebuilt`);
        await provider.destroy(c.lab);
        c.lab = { ...c.lab, record: undefined, files: labFiles(c.lab.files.dir) };
      }
      // Side by side with the allocation: the key, and the look for leftovers (its own task awaits it).
      // A lab without a record has no machine of its own yet: only leftovers to look for.
      c.leftovers = Promise.all([provider.clearLeftovers(c.lab), c.lab.record ? provider.isUp(c.lab) : false]);
      c.leftovers.catch(() => undefined);
      const allocated = c.lab.record ? undefined : allocate({ id: c.lab.id, provider: providerName, candidates: provider.subnetCandidates(file.subnet), subnet: process.env.LAB_SUBNET || undefined, nodes: names, listen: options.listen, reserve: (subnet) => provider.reserveSubnet(c.lab, subnet) });
      const [record] = await Promise.all([allocated, ensureLabKey(c.lab)]);
      if (record) c.lab = saveRecord(c.lab, record);
      const r = c.lab.record!;
      task.title = `lab "${c.lab.id}": subnet ${r.subnet}.0/24, SSH on ${r.listen ?? '127.0.0.1'} ports ${Object.values(r.ports).join(', ')}`;
    },
  };
  const leftovers: ListrTask<UpContext> = {
    title: 'Leftovers of earlier labs, nodes running?',
    task: async (c, task) => {
      // Looked for side by side: a leftover is never this lab's machine, so it cannot count as running.
      const [gone, running] = await c.leftovers!;
      c.running = running;
      task.title = `${gone.length ? `removed leftovers: ${gone.join(', ')}` : 'no leftovers of earlier labs'}; ${both} ${c.running ? 'already running' : 'to boot'}`;
    },
  };
  const images: ListrTask<UpContext> = {
    title: `Host: workshop images (${initial.topology.images.workshop.join(', ')}) and what the ${providerName} provider boots from`,
    task: async (c, task) => {
      ({ images: c.images, prepared: c.prepared } = await imagesReady);
      const standins = c.images.filter((i) => i.standin).map((i) => i.ref);
      task.title = `workshop images cached${standins.length ? ` (offline stand-ins: ${standins.join(', ')})` : ''}${c.prepared ? `; node image ${c.prepared}` : ''}`;
    },
  };
  const boot: ListrTask<UpContext> = {
    title: `vagrant up --provider=${providerName}`,
    skip: (c) => c.running,
    task: async (c) => {
      settle.resolve({ lab: c.lab, prepared: c.prepared });
      const booted = early ?? provider.boot(c.lab, hostReady, vagrantSaw.tell);
      booted.catch(() => undefined); // awaited below; nothing between may leave it unheard
      if (provider.sshEntriesBeforeBoot) {
        c.entries = await provider.sshEntries(c.lab);
        c.nodes = new SshNodes(c.entries, c.lab);
        c.early = whileBooting(c.lab, c.nodes, names, c.images, booted, vagrantSaw.booted);
        c.early.catch(() => undefined); // a failed boot is reported by this task; other failures by the next
      }
      await booted;
    },
  };
  const reach: ListrTask<UpContext> = {
    title: 'Docker ready in the nodes, SSH host keys recorded (every later connection checks them)',
    task: async (c, task) => {
      if (!c.entries.length) c.entries = await provider.sshEntries(c.lab);
      const early = await c.early;
      let facts = early?.facts;
      c.baselined = early?.baselined ?? false;
      if (!facts) {
        c.nodes = new SshNodes(c.entries, c.lab);
        // Before anything reads a node's keys: a running node whose SSH does not answer is restarted.
        const repaired = await repairUnreachable(c.lab, provider, c.nodes, names);
        if (repaired.length) {
          c.nodes.dispose();
          c.nodes = new SshNodes(c.entries, c.lab);
          task.title = `Docker ready in the nodes (restarted ${repaired.join(', ')}: SSH did not answer), SSH host keys recorded`;
        }
        facts = await askNodes(c.nodes, names, c.images);
      }
      c.answers = facts;
      const keys = hostKeysFrom(c.entries, Object.fromEntries(facts.map((f) => [f.node, f.hostKeys])));
      saveSshEntries(c.lab, c.entries.map((e) => ({ ...e, hostKeys: keys.blobs[e.host] })), keys.knownHosts);
    },
  };
  const imagesInNodes: ListrTask<UpContext> = {
    title: 'Workshop images in the nodes',
    task: async (c, task) => {
      const loaded = await loadWorkshopImages(c.lab, c.answers);
      task.title = loaded.length ? `workshop images loaded over SSH into ${loaded.join(', ')}` : 'workshop images present in the nodes';
    },
  };
  const baseline: ListrTask<UpContext> = {
    title: 'Baseline recorded (what `lab reset` returns to)',
    task: async (c, task) => {
      if (c.baselined) task.title = 'Baseline recorded while Vagrant finished (what `lab reset` returns to)';
      else await recordBaseline(c.lab, c.nodes!, names);
    },
  };
  const started = Date.now();
  try {
    // listr2 is loaded once Vagrant has started: its task tree is drawn from here on.
    const { Listr, PRESET_TIMER } = await import('listr2');
    // In order. What can start sooner (the images, the leftovers, the questions to the nodes) is
    // started by an earlier task and awaited by its own: a failure still stops the list at once,
    // where listr2's concurrent tasks would wait for their siblings.
    const tasks = new Listr<UpContext>(
      [record, leftovers, images, boot, reach, imagesInNodes, baseline],
      // listr2's own Ctrl-C handler would exit 127 at once; lab's (src/cli/interrupt.ts) says what to do.
      { exitOnError: true, registerSignalListeners: false, rendererOptions: { collapseSubtasks: false, timer: PRESET_TIMER }, fallbackRendererOptions: { timer: PRESET_TIMER } },
    );
    await tasks.run(ctx);
  } catch (error) {
    // Ctrl-C reaches Vagrant too (the terminal signals the whole foreground group): it stops, then so does lab up.
    if (interruptSignal.aborted) throw new InterruptedError('interrupted while the lab came up', `\`${labCommand(ctx.lab, 'up')}\` finishes it; \`${labCommand(ctx.lab, 'down')}\` removes what was started`);
    throw explainedByHostLimits(error);
  } finally {
    settle.reject(new Error('lab up stopped before the boot')); // no-op once the boot had it
    ctx.nodes?.dispose();
  }
  const lab = ctx.lab;
  for (const note of ctx.notes) process.stdout.write(`${note}\n`);
  process.stdout.write(`lab "${lab.id}" is up: ${lab.topology.nodes.map((n) => `${n.name} ${n.ip}`).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
}

function yieldToVagrant(): void {
  try {
    setPriority(YIELD_TO_VAGRANT);
  } catch {
    // only a matter of speed
  }
}

/**
 * A boot that failed while the host had no inotify instance left failed because of it (a node's
 * systemd or dockerd could not start, whatever Vagrant or Docker said): say so, with the fix.
 */
function explainedByHostLimits(error: unknown): unknown {
  const inotify = inotifyUse();
  if (!(error instanceof LabError) || !inotify || nodesThatFit(inotify) >= 1) return error;
  if (error.message.includes('inotify')) return error; // the boot's watch already said it
  return new EnvironmentError(`${error.message.split('\n')[0]}\n(this host has no inotify instance left for a node: ${inotify.inUse} of ${inotify.limit} in use)`, INOTIFY_FIX, { cause: error });
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description(summary('up'))
    .option('--listen <addr>', 'also publish the nodes\' SSH on this address (for students on other machines)')
    .action((opts: UpOptions) => up(opts));
}
