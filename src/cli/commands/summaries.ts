/**
 * One line per command: `lab --help` lists these without loading any command's code, and each
 * command file describes itself with the same line.
 */
export const summaries = {
  up: 'create, resume or repair node1 and node2, with Docker ready and the workshop images loaded',
  status: "each node's name, state and IP, and per scenario the last stage whose checks passed",
  ssh: 'a shell on a node, or one command (its exit code is passed through)',
  down: 'destroy the nodes and everything the lab created, and prove nothing is left',
  env: 'the environment for plain Vagrant on this lab: eval "$(lab env)" then vagrant ssh node1',
  doctor: 'check Docker, Vagrant, debootstrap, capabilities and known breakages; one line per problem with its fix',
  diagnose: "inspect a node's /etc/docker/certs.d and the registries it names; one line per problem with its fix; exit 1 when any",
  images: 'the workshop images cached on the host, and which are offline stand-ins',
  list: 'the scenarios and their stages',
  run: 'run scenarios stage by stage from the baseline; expected failures must really fail',
  reset: 'put both nodes back to the baseline recorded at `lab up` (fast), and prove it',
  check: "run a stage's checks on the nodes (default: the stage you are on); exit 0 when done",
  hint: "a stage's goal and a nudge (what to look at, no commands); --solution shows the commands",
  solve: 'apply the solution from the baseline up to and including a stage (catch up)',
  test: "the lab's self-test: each stage's checks must fail before its solution and pass after",
  schema: 'print the scenario JSON Schema (published as schema/scenario.schema.json)',
  new: 'write a commented skeleton scenario NAME.yaml to start from',
  lint: 'validate scenario files without a lab: file:line:col per problem, exit 2 on errors',
  class: 'a room: one lab per student, the trainer acting on all of them',
} as const;

export type CommandName = keyof typeof summaries;

export const summary = (name: CommandName): string => summaries[name];
