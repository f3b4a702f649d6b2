import type { Command } from 'commander';
import { Listr, PRESET_TIMER } from 'listr2';
import { recordBaseline } from '../../nodes/baseline.js';
import { docker } from '../../nodes/docker-host.js';
import { ensureNodeImage, ensureWorkshopImages, type WorkshopImage } from '../../nodes/images.js';
import { bootNodes, clearLeftovers, loadWorkshopImages, nodesRunning, preloadWorkshopImages, waitForDocker } from '../../nodes/lifecycle.js';
import { cachedSshConfig, refreshSshConfig } from '../../nodes/ssh-config-cache.js';
import { SshNodes } from '../../nodes/ssh-transport.js';
import { loadTopology } from '../../nodes/topology.js';

interface UpContext {
  nodeImage?: string;
  images: WorkshopImage[];
  /** The docker provider loaded them straight into the node containers. */
  preloaded?: boolean;
  running: boolean;
  nodes?: SshNodes;
}

/**
 * `lab up`: every phase is a titled task, each a call into src/nodes. Idempotent: a running lab
 * is checked, not rebooted. The workshop images load while Vagrant boots the nodes.
 */
export async function up(): Promise<void> {
  const t = loadTopology();
  const names = t.nodes.map((n) => n.name);
  const both = names.join(' and ');
  const ctx: UpContext = { images: [], running: false };
  const tasks = new Listr<UpContext>(
    [
      { title: 'Docker engine on the host', enabled: () => t.provider === 'docker', task: async (_c, task) => { task.title = `Docker engine ${(await docker(['info', '--format', '{{.ServerVersion}}'])).trim()} on the host`; } },
      { title: 'Node image (built offline with debootstrap)', enabled: () => t.provider === 'docker', task: async (c, task) => { const image = await ensureNodeImage(); c.nodeImage = image.ref; task.title = `node image: ${image.summary}`; } },
      {
        title: 'Leftovers of earlier labs, nodes running?',
        task: async (c, task) => {
          const gone = await clearLeftovers(t);
          c.running = await nodesRunning(t);
          task.title = `${gone.length ? `removed leftovers: ${gone.join(', ')}` : 'no leftovers of earlier labs'}; ${both} ${c.running ? 'already running' : 'to boot'}`;
        },
      },
      {
        title: `Boot ${both}, load the workshop images`,
        task: (_c, task) =>
          task.newListr(
            [
              { title: `vagrant up --provider=${t.provider}`, skip: (c) => c.running, task: (c) => bootNodes(t, c.nodeImage) },
              {
                title: `workshop images (${t.images.workshop.join(', ')})`,
                task: async (c, sub) => {
                  c.images = await ensureWorkshopImages(t);
                  const standins = c.images.filter((i) => i.standin).map((i) => i.ref);
                  sub.title = `workshop images cached${standins.length ? ` (offline stand-ins: ${standins.join(', ')})` : ''}`;
                  const loaded = await preloadWorkshopImages(t, c.images);
                  c.preloaded = t.provider === 'docker';
                  if (loaded.length) sub.title += `, loaded into ${loaded.join(', ')}`;
                },
              },
            ],
            { concurrent: true, exitOnError: true },
          ),
      },
      { title: 'SSH config cached', skip: (c) => c.running, task: async () => { await refreshSshConfig(t); } },
      { title: 'Docker ready in the nodes (over SSH)', task: async (c) => { c.nodes = new SshNodes(cachedSshConfig()); await waitForDocker(c.nodes, names); } },
      { title: 'Workshop images in the nodes', skip: (c) => c.preloaded === true, task: async (c, task) => { const loaded = await loadWorkshopImages(c.nodes!, names, c.images); task.title = loaded.length ? `workshop images loaded over SSH into ${loaded.join(', ')}` : 'workshop images present in the nodes'; } },
      { title: 'Baseline recorded (what `lab reset` returns to)', task: (c) => recordBaseline(c.nodes!, names) },
    ],
    { exitOnError: true, rendererOptions: { collapseSubtasks: false, timer: PRESET_TIMER }, fallbackRendererOptions: { timer: PRESET_TIMER } },
  );
  const started = Date.now();
  try {
    await tasks.run(ctx);
  } finally {
    ctx.nodes?.dispose();
  }
  process.stdout.write(`lab is up: ${t.nodes.map((n) => `${n.name} ${n.ip}`).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
}

export function registerUp(program: Command): void {
  program
    .command('up')
    .description('create or resume node1 and node2, with Docker ready and the workshop images loaded')
    .action(up);
}
