import type { ExpectationSpec } from './schema.js';

/**
 * A scenario after loading: variables substituted, defaults applied, every step located in its
 * file, so that a failure can say `scenarios/x.yaml:42`.
 */
export interface Scenario {
  name: string;
  title: string;
  source?: string;
  description?: string;
  /** Values the reports and the terminal never show (the scenario's `secrets:`, variables substituted). */
  secrets: string[];
  /** Some step runs on, reads from or writes to the host: runs only with the user's consent. */
  touchesHost: boolean;
  file: string;
  stages: Stage[];
}

export interface Stage {
  id: string;
  title: string;
  goal?: string;
  hint?: string;
  errata?: string;
  steps: Step[];
  checks: Step[];
}

export type Action =
  | { kind: 'run'; command: string }
  | { kind: 'write'; path: string; content: string; mode?: string; sudo: boolean }
  | { kind: 'copy'; from: NodePath; to: NodePath; mode?: string; sudo: boolean }
  | { kind: 'wait'; command: string; timeoutMs: number; intervalMs: number };

export interface NodePath {
  node: string;
  path: string;
}

export interface Step {
  title: string;
  /** The scenario gave the title (else it is the command's first line, or what a write/copy does). */
  titled: boolean;
  node: string;
  action: Action;
  expect: ExpectationSpec;
  timeoutMs: number;
  retry: { attempts: number; intervalMs: number };
  seed?: string;
  /** Where the step is written: file:line. */
  location: string;
}

export const DEFAULT_STEP_TIMEOUT_MS = 120_000;
export const DEFAULT_WAIT_TIMEOUT_MS = 60_000;
export const DEFAULT_INTERVAL_MS = 1_000;
