import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { summaries } from '../../src/cli/commands/summaries.js';
import { expectExit, lab } from '../support/cli.js';

/** The binary itself, before any lab: what a user typing a wrong line meets (exit 2, one line, at once). */
describe('lab, the command line', () => {
  it('--version prints the package version', async () => {
    const r = await lab(['--version']);
    expectExit(r, 0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).version);
  });

  it('--help lists every command with its summary, without loading them', async () => {
    const r = await lab(['--help']);
    expectExit(r, 0);
    for (const name of Object.keys(summaries)) expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
  });

  it.each([
    [{ LAB_SUBNET: '300.1.1' }, ['status'], /^lab: LAB_SUBNET "300\.1\.1" is not the first three octets of a \/24\nhint: /],
    [{ LAB_ID: 'a b' }, ['status'], /^lab: LAB_ID "a b" is not a lab id/],
    [{ LAB_PROVIDER: 'libvirt' }, ['up'], /^lab: LAB_PROVIDER "libvirt" is not a provider\nhint: providers: docker, virtualbox$/],
    [{}, ['run', '--report', 'json', '/nonexistent/dir/x.json', 'tls-selfsigned'], /^lab: --report \/nonexistent\/dir\/x\.json: the folder \/nonexistent\/dir does not exist/],
  ])('%o %o is refused at once with exit 2 and one line', async (env, args, message) => {
    const r = await lab(args, env);
    expectExit(r, 2);
    expect(r.stderr).toMatch(message);
    expect(r.seconds).toBeLessThan(10);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});
