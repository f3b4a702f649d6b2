import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentError, ScenarioError, UsageError } from '../../src/errors.js';
import { docker } from '../../src/nodes/docker-host.js';
import { parseReportRequests } from '../../src/report/files.js';
import { foldReportArgs } from '../../src/report/formats.js';
import { parseScenario } from '../../src/scenario/load.js';
import { consentToHostSteps } from '../../src/cli/host-consent.js';

describe('--report FORMAT FILE', () => {
  it('takes exactly two words and repeats, so scenario names after it stay arguments', () => {
    expect(foldReportArgs(['node', 'lab', 'run', '--report', 'md', 'out.md', 'tls-selfsigned', '--report', 'junit', 'x.xml'])).toEqual(['node', 'lab', 'run', '--report=md:out.md', 'tls-selfsigned', '--report=junit:x.xml']);
    const dir = mkdtempSync(join(tmpdir(), 'lab-report-'));
    expect(parseReportRequests([`md:${dir}/a:b.md`])).toEqual([{ format: 'md', file: `${dir}/a:b.md` }]);
  });

  it.each([
    ['json:/nonexistent/dir/x.json', /the folder \/nonexistent\/dir does not exist/],
    [`md:${tmpdir()}`, /is a folder/],
    ['json:/proc/self/x.json', /not a place for a report/],
    ['pdf:x.pdf', /--report takes a format and a file/],
  ])('%s is refused before anything runs (exit 2)', (value, message) => {
    expect(() => parseReportRequests([value])).toThrow(UsageError);
    expect(() => parseReportRequests([value])).toThrow(message);
  });
});

describe('hostile scenario text', () => {
  it('a YAML alias bomb is refused at file:line:col (exit 2), not "internal error: Excessive alias count"', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'f']] as const) levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    const err = (() => {
      try {
        parseScenario(levels.join('\n'), 'bomb.yaml', { nodes: ['node1'], variables: {} });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).exitCode).toBe(2);
    expect((err as Error).message).toMatch(/^bomb\.yaml:2:\d+: YAML aliases expand too much/);
  });
});

describe('Docker calls honour DOCKER_HOST (a class spread over engines)', () => {
  it('the docker CLI is run with the caller\'s environment', async () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'lab-dh-')), 'nowhere.sock');
    writeFileSync(`${sock}.note`, 'no engine listens here');
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = `unix://${sock}`;
    try {
      const err = await docker(['version', '--format', '{{.Server.Version}}']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EnvironmentError);
      expect((err as Error).message).toMatch(/Docker engine is not running|nowhere\.sock/);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
  });
});

describe('host steps run only with consent', () => {
  const text = (on: string) => `name: h\ntitle: t\nstages:\n  - id: a\n    title: a\n    steps:\n      - { on: ${on}, run: "id" }\n`;

  it('a scenario with an on: host step is marked, one without is not', () => {
    expect(parseScenario(text('host'), 'h.yaml', { nodes: ['node1'], variables: {} }).touchesHost).toBe(true);
    expect(parseScenario(text('node1'), 'h.yaml', { nodes: ['node1'], variables: {} }).touchesHost).toBe(false);
  });

  it('without --allow-host and without a terminal to ask at, it is refused before anything runs (exit 2)', async () => {
    const scenario = parseScenario(text('host'), 'h.yaml', { nodes: ['node1'], variables: {} });
    const err = await consentToHostSteps([scenario], false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/^h runs commands on this machine \(on: host steps\), as \S+@\S+ in \//);
    await expect(consentToHostSteps([scenario], true)).resolves.toBeUndefined();
  });
});
