import type { Command } from 'commander';
import { summary } from './summaries.js';
import { color } from 'listr2';
import { ExpectationError, UsageError } from '../../errors.js';
import { DEFAULT_CERTS_ROOT } from '../../diagnose/facts.js';
import { gatherCertsFacts } from '../../diagnose/gather.js';
import { diagnose } from '../../diagnose/rules.js';

import { currentLab } from '../lab-context.js';
import { withSession } from '../lab-session.js';

interface DiagnoseOptions {
  root: string;
  probe: boolean;
  json?: boolean;
}

export function registerDiagnose(program: Command): void {
  program
    .command('diagnose')
    .description(summary('diagnose'))
    .argument('[node]', 'node to inspect (default: the first node, the Docker client)')
    .option('--root <dir>', 'certs.d folder to inspect', DEFAULT_CERTS_ROOT)
    .option('--no-probe', 'do not connect to the registries (file checks only)')
    .option('--json', 'machine-readable result on stdout')
    .action(async (nodeArg: string | undefined, opts: DiagnoseOptions) => {
      const topology = currentLab().topology;
      const names = topology.nodes.map((n) => n.name);
      const node = nodeArg ?? names.find((n) => n !== topology.registry.node) ?? names[0]!;
      if (!names.includes(node)) throw new UsageError(`unknown node "${node}"`, `nodes: ${names.join(', ')}`);
      const facts = await withSession((s) => gatherCertsFacts(s.nodes, node, { root: opts.root, probe: opts.probe }));
      const { findings, notes } = diagnose(facts);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ node, root: facts.root, ok: findings.length === 0, folders: facts.folders.map((f) => f.name), findings, notes })}\n`);
      } else {
        process.stdout.write(`${node}:${facts.root}\n`);
        for (const f of findings) process.stdout.write(`${color.red('✗')} ${f.path}: ${f.problem} — fix: ${f.fix}\n`);
        for (const n of notes) process.stdout.write(`${color.dim('·')} ${n}\n`);
        for (const folder of facts.folders) {
          const dir = `${facts.root}/${folder.name}`;
          if (findings.some((f) => f.folder === folder.name)) continue;
          const checked = folder.server?.reachable ? `; ${folder.server.address} checked` : '';
          process.stdout.write(`${color.green('✓')} ${dir}: ${folder.files.map((x) => x.name).join(', ') || 'empty'}${checked}\n`);
        }
      }
      if (findings.length) {
        throw new ExpectationError(`${findings.length} problem(s) in ${node}:${facts.root}`, `apply the fixes above, then run \`lab diagnose ${node}\` again`);
      }
      if (!opts.json) process.stdout.write('no problem found\n');
    });
}
