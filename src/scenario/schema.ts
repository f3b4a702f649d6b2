import * as z from 'zod';
import { DURATION } from './duration.js';

/**
 * The scenario format. This schema is the single source of truth: the loader validates with it,
 * and `lab schema` publishes it as JSON Schema (schema/scenario.schema.json) for editors.
 */

const DURATION_MESSAGE = 'expected a duration such as 500ms, 2s or 1m (or a number of seconds)';
const Duration = z
  .union([z.number().nonnegative(DURATION_MESSAGE), z.string().regex(DURATION, DURATION_MESSAGE)], { error: DURATION_MESSAGE })
  .describe('A duration: 500ms, 2s, 1m, or a number of seconds');

/** Student-facing text: one string, or the same text in French and English (lab --lang picks). */
const Text = z
  .union([
    z.string().min(1),
    z
      .strictObject({
        fr: z.string().min(1).optional().describe('En français'),
        en: z.string().min(1).optional().describe('In English'),
      })
      .refine((t) => t.fr !== undefined || t.en !== undefined, { message: 'give the text in fr, en or both' }),
  ])
  .describe('A text for students: a string, or { fr: ..., en: ... } (a missing language falls back to the other)');

const OneOrMany = z.union([z.string(), z.array(z.string()).min(1)]);

export const OutputMatcher = z
  .strictObject({
    contains: OneOrMany.optional().describe('Must contain this text; a list gives accepted variants (any one suffices)'),
    matches: OneOrMany.optional().describe('Must match this regular expression; a list gives accepted variants'),
    not_contains: OneOrMany.optional().describe('Must contain none of these texts'),
  })
  .describe('What the output must show; texts are matched case-sensitively');

export const Expectation = z
  .strictObject({
    exit: z
      .union([z.literal('nonzero'), z.literal('any'), z.number().int().min(0).max(255)], {
        error: (issue) => `expected 0, nonzero, any or a number from 0 to 255, found ${JSON.stringify(issue.input)}`,
      })
      .optional()
      .describe('0 (default), nonzero, any, or an exact exit code'),
    output: OutputMatcher.optional().describe('stdout, then stderr, joined by a newline'),
    stdout: OutputMatcher.optional().describe('stdout only'),
    stderr: OutputMatcher.optional().describe('stderr only'),
  })
  .describe('What must happen: exit status and output');

const Retry = z.strictObject({
  attempts: z.number().int().min(1).max(100).describe('Total tries, the first included'),
  interval: Duration.optional().describe('Pause between tries (default 1s)'),
});

const Write = z.strictObject({
  path: z.string().min(1),
  content: z.string(),
  mode: z.string().regex(/^0?[0-7]{3,4}$/, 'expected an octal mode such as 0644').optional(),
  sudo: z.boolean().optional(),
});

const Copy = z.strictObject({
  from: z.string().regex(/^[a-z0-9-]+:.+$/, 'expected NODE:/path').describe('NODE:/path to read'),
  to: z.string().regex(/^[a-z0-9-]+:.+$/, 'expected NODE:/path').describe('NODE:/path to write'),
  mode: z.string().regex(/^0?[0-7]{3,4}$/, 'expected an octal mode such as 0644').optional(),
  sudo: z.boolean().optional().describe('Read and write with sudo'),
});

const Wait = z.strictObject({
  run: z.string().min(1).describe('Command to repeat until it exits 0'),
  timeout: Duration.optional().describe('Give up after (default 60s)'),
  interval: Duration.optional().describe('Longest pause between tries (default 1s): the first pauses are 0.1 s, 0.2 s, 0.4 s… up to it'),
});

const STEP_ACTIONS = ['run', 'write', 'copy', 'wait'] as const;

export const Step = z
  .strictObject({
    title: Text.optional().describe('What the step does, as a trainer would say it'),
    on: z.string().optional().describe('node1, node2 or host (default: the stage\'s `on`, else node1)'),
    run: z.string().optional().describe('A shell command, run as the vagrant user in its home directory'),
    write: Write.optional().describe('Write a file'),
    copy: Copy.optional().describe('Copy a file between nodes through the host'),
    wait: Wait.optional().describe('Repeat a command until it succeeds'),
    expect: Expectation.optional(),
    timeout: Duration.optional().describe('Per attempt (default 120s)'),
    retry: Retry.optional(),
    seed: z.string().optional().describe('The seed\'s own line, when the step differs from it'),
  })
  .superRefine((s, ctx) => {
    const actions = STEP_ACTIONS.filter((k) => s[k] !== undefined);
    if (actions.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          actions.length === 0
            ? 'a step needs one action: run, write, copy or wait'
            : `a step takes one action, found ${actions.join(' and ')}`,
      });
    }
  })
  .describe('One action on one node, with what must happen');

export const Stage = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id such as insecure-registry'),
    title: Text,
    goal: Text.optional().describe('What the student should see at the end of the stage'),
    hint: Text.optional().describe('A nudge, shown by `lab hint` and when a check fails: what to look at, no commands (`lab hint --solution` shows those)'),
    errata: Text.optional().describe('What the seed got wrong here, and what the lab does instead'),
    on: z.string().optional().describe('Default node for this stage\'s steps'),
    steps: z
      .array(Step, { error: (issue) => (issue.input === undefined ? 'the stage has no steps: add `steps:` (the solution, at least one step) before `check:`' : undefined) })
      .min(1, 'the stage has no steps: `steps:` needs at least one step (the solution)')
      .describe('The solution, in order'),
    check: z.array(Step).optional().describe('What must be true once the stage is done (lab check)'),
  })
  .describe('A stage of the walkthrough');

export const Scenario = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: Text,
    source: z.string().optional().describe('Which seed this follows'),
    description: Text.optional(),
    secrets: z
      .array(z.string().min(1))
      .optional()
      .describe('Values never shown: every report, the terminal and error lines print [secret redacted] instead (passwords, tokens)'),
    stages: z.array(Stage).min(1),
  })
  .describe('A lab scenario: stages of steps, each with what must happen');

export type OutputMatcherSpec = z.infer<typeof OutputMatcher>;
export type ExpectationSpec = z.infer<typeof Expectation>;
export type StepSpec = z.infer<typeof Step>;
export type StageSpec = z.infer<typeof Stage>;
export type ScenarioSpec = z.infer<typeof Scenario>;

/** The published JSON Schema (draft 2020-12), for editors' autocompletion. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(Scenario, {
      io: 'input',
      unrepresentable: 'any',
      // The loader's one-action rule (a superRefine, which JSON Schema cannot see) said as JSON Schema.
      override: ({ zodSchema, jsonSchema }) => {
        if (zodSchema === Step) jsonSchema.oneOf = STEP_ACTIONS.map((action) => ({ required: [action] }));
      },
    }),
    title: 'lab scenario',
  };
}
