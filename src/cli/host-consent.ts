import { hostname, userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import { UsageError } from '../errors.js';
import type { Scenario } from '../scenario/model.js';

/**
 * A scenario's `on: host` steps (and copies to or from the host) run on this machine as the user
 * running lab, in their folder: they run only with consent — `--allow-host`, or a yes typed at a
 * terminal. Without either (CI, a pipe), they are refused before anything runs (exit 2).
 */
export async function consentToHostSteps(scenarios: Scenario[], allowHost: boolean | undefined): Promise<void> {
  const touching = scenarios.filter((s) => s.touchesHost);
  if (touching.length === 0 || allowHost) return;
  const who = `${userInfo().username}@${hostname()} in ${process.cwd()}`;
  const names = touching.map((s) => s.name).join(', ');
  if (process.stdin.isTTY && process.stdout.isTTY && !process.env.CI) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      const answer = await rl.question(`${names} runs commands on this machine, as ${who}. Go on? [y/N] `);
      if (/^(y|yes|o|oui)$/i.test(answer.trim())) return;
    } finally {
      rl.close();
    }
  }
  throw new UsageError(`${names} runs commands on this machine (on: host steps), as ${who}`, 'read its host steps first (`lab list` marks such scenarios); if you trust them, add --allow-host');
}
