/**
 * What `lab new NAME` writes: a small scenario that runs on any lab as it is, every kind of key
 * shown once, and comments that say what each does. `schemaRef` is the path from the new file to
 * schema/scenario.schema.json, for editors.
 */
export function skeleton(name: string, schemaRef: string): string {
  return `# yaml-language-server: $schema=${schemaRef}
# A lab scenario. \`lab lint ${name}.yaml\` checks it without a lab; \`lab run ${name}.yaml\` runs every
# stage's steps from the baseline; \`lab test ${name}.yaml\` proves each stage's checks fail before its
# steps and pass after. The whole format: docs/scenarios.md in lab's folder, or \`lab schema\`.
${`name: ${name}`.padEnd(34)} # lower-case letters, digits, dashes; the file is ${name}.yaml
title: ${name} — say here what the students will do
source: your seed or chapter       # optional: what this follows
description: |
  Optional: a few lines at the top of transcripts and handouts.
stages:
  - id: hello-file                 # lower-case id: \`lab check ${name} hello-file\`, \`lab solve ${name} --to hello-file\`
    title: node1 keeps a greeting for node2
    goal: ~/hello on node1 says hello, and node2 has a copy     # what the student should see at the end
    hint: write the file on node1, then copy it to node2        # shown by \`lab hint\` and when a check fails
    on: node1                      # default node of this stage's steps: node1, node2 or host
    steps:                         # the solution, in order; each step has ONE action: run, write, copy or wait
      - title: before the stage, there is no file           # shown instead of the command
        run: cat hello             # bash, as the vagrant user, in its home folder
        expect:
          exit: nonzero            # 0 (default), nonzero, any, or a number
          stderr: { contains: "No such file or directory" }   # case-sensitive; also: output, stdout
      - title: write the greeting
        write: { path: hello, content: "hello from {{node1.hostname}}\\n", mode: "0644" }   # relative to the home folder
      - title: give node2 a copy
        copy: { from: "node1:/home/vagrant/hello", to: "node2:/home/vagrant/hello" }
      - title: node2 reads it
        on: node2
        run: cat hello
        expect:
          output: { contains: hello, not_contains: error }    # a list means: any one of them suffices
        retry: { attempts: 3, interval: 1s }                  # tries again until the expectation holds
        timeout: 30s                                          # per attempt (default 120s)
    check:                         # true once the stage is done; \`lab check ${name}\` runs them for a student
      - title: node1 has ~/hello
        run: grep -q hello hello
      - title: node2 has ~/hello
        on: node2
        run: grep -q hello hello
`;
}
