import { execa } from 'execa';
import { EnvironmentError } from '../errors.js';
import { workshopTarball } from './images.js';
import type { Lab } from './lab/record.js';
import type { NodeFacts } from './node-facts.js';

/**
 * Loads the cached workshop images over SSH into each node that lacks one (NodeFacts.missing):
 * VirtualBox nodes, or a docker node whose image predates them. Returns the nodes loaded into.
 */
export async function loadWorkshopImages(lab: Lab, facts: NodeFacts[]): Promise<string[]> {
  const lacking = facts.filter((f) => f.missing.length > 0).map((f) => f.node);
  await Promise.all(
    lacking.map(async (node) => {
      const load = await execa('ssh', ['-F', lab.files.sshConfig, node, 'docker load'], { inputFile: workshopTarball(), reject: false });
      if (load.exitCode !== 0) throw new EnvironmentError(`loading the workshop images into ${node} failed: ${String(load.stderr).trim()}`);
    }),
  );
  return lacking;
}
