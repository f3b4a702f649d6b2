import type { Command } from 'commander';
import { Listr } from 'listr2';
import { recordBaseline } from '../../nodes/baseline.js';
import { docker } from '../../nodes/docker-host.js';
import { ensureNodeImage, ensureWorkshopImages, type WorkshopImage } from '../../nodes/images.js';
import { bootNodes, clearLeftovers, loadWorkshopImages, nodesRunning, waitForDocker } from '../../nodes/lifecycle.js';
import { cachedSshConfig, refreshSshConfig } from '../../nodes/ssh-config-cache.js';
import { SshNodes } from '../../nodes/ssh-transport.js';
import { loadTopology } from '../../nodes/topology.js';

interface UpContext {
  images: WorkshopImage[];
  running: boolean;
  nodes?: SshNodes;
}

/** `lab up`: every phase is a titled task, each a call into src/nodes. Idempotent. */
export async function up(): Promise<void> {
  const t = loadTopology();
  const names = t.nodes.map((n) => n.name);
  const ctx: UpContext = { images: [], running: false };
  const tasks = new Listr<UpContext>(
    [
      { title: 'Docker engine on the host', enabled: () => t.provider === 'docker', task: async (_c, task) => { task.output = `server ${(await docker(['info', '--format', '{{.ServerVersion}}'])).trim()}`; } },
      {
        title: 'Images (built offline, cached on the host)',
        task: (_c, task) =>
          task.newListr(
            [
              { title: 'node image', enabled: () => t.provider === 'docker', task: async (_c2, sub) => { sub.title = `node image: ${await ensureNodeImage()}`; } },
              { title: `workshop images (${t.images.workshop.join(', ')})`, task: async (c) => { c.images = await ensureWorkshopImages(t); } },
            ],
            { concurrent: true },
          ),
      },
      { title: 'Leftovers of earlier labs', task: async (_c, task) => { const gone = await clearLeftovers(t); task.title = gone.length ? `removed leftovers: ${gone.join(', ')}` : 'no leftovers'; } },
      { title: 'Nodes running?', task: async (c, task) => { c.running = await nodesRunning(t); task.title = c.running ? `${names.join(' and ')} already running` : `${names.join(' and ')} to boot`; } },
      { title: `Boot ${names.join(' and ')} (vagrant up --provider=${t.provider})`, skip: (c) => c.running, task: () => bootNodes(t) },
      { title: 'Cache the SSH config (vagrant ssh-config)', skip: (c) => c.running, task: async () => { await refreshSshConfig(names); } },
      { title: 'Docker ready in the nodes', task: async (c) => { c.nodes = new SshNodes(cachedSshConfig()); await waitForDocker(c.nodes, names); } },
      { title: 'Workshop images loaded in the nodes', task: async (c, task) => { const loaded = await loadWorkshopImages(c.nodes!, names, c.images); task.title = loaded.length ? `workshop images loaded into ${loaded.join(', ')}` : 'workshop images already in the nodes'; } },
      { title: 'Baseline recorded (what `lab reset` returns to)', task: (c) => recordBaseline(c.nodes!, names) },
    ],
    { exitOnError: true, rendererOptions: { collapseSubtasks: false } },
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
