import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openLab } from '../../src/nodes/lab/record.js';
import { classDir } from '../../src/nodes/lab/roster.js';
import { labContainers, labNetworks, labVolumes } from '../../src/nodes/docker-host.js';
import type { RoomSnapshot } from '../../src/report/room.js';
import { expectExit, lab } from '../support/cli.js';
import { openRoomPage } from '../support/room-page.js';

/**
 * A room on one host, for real: four students' labs booted together from one checkout, the
 * self-test in all four, one student ahead of the others, the trainer's page in a real headless
 * Chromium, then the class gone without a trace. Never skips.
 */
const cls = 'e2e';
const ADDRESS = '127.0.0.2'; // published for "students' machines", reached through loopback only
const students = ['s01', 's02', 's03', 's04'];
const labId = (s: string) => `${cls}-${s}`;
const status = async (): Promise<RoomSnapshot> => {
  const r = await lab(['class', 'status', '--class', cls, '--json']);
  expectExit(r, 0);
  return JSON.parse(r.stdout) as RoomSnapshot;
};
const sshOptions = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'IdentitiesOnly=yes', '-o', 'LogLevel=ERROR'];

describe('a class of four on one host, for real', () => {
  let browser: Browser | undefined;
  afterAll(async () => {
    await browser?.close();
    await lab(['class', 'down', '--class', cls, '--force']); // whatever happened above
  }, 300_000);

  it('lab class up 4 boots four labs, each with its own subnet, ports and key, and writes the cards', async () => {
    const r = await lab(['class', 'up', '4', '--class', cls, '--listen', ADDRESS]);
    expectExit(r, 0);
    expect(r.stdout).toContain('class up: Count: 4 labs, Failed: 0');
    const labs = students.map((s) => openLab(labId(s)));
    expect(new Set(labs.map((l) => l.record!.subnet)).size).toBe(4);
    expect(new Set(labs.flatMap((l) => Object.values(l.record!.ports))).size).toBe(8);
    for (const l of labs) {
      const card = readFileSync(join(classDir(cls), 'cards', `${l.id}.md`), 'utf8');
      expect(card).toContain(`ssh -i ~/.ssh/${l.id} -p ${l.record!.ports.node1} vagrant@${ADDRESS}`);
      expect(card).toContain(readFileSync(l.files.key, 'utf8').trim());
      expect(existsSync(join(classDir(cls), 'cards', `${l.id}.html`))).toBe(true);
    }
  }, 900_000);

  it('lab class status --json: 4 labs × 2 running nodes, everyone on the first stage', async () => {
    const room = await status();
    expect(room.students.map((s) => s.student)).toEqual(students);
    for (const s of room.students) {
      expect(s.nodes.map((n) => n.state)).toEqual(['running', 'running']);
      expect(s.stage).toBe(room.stages[0]!.id);
      expect(s.failing?.length).toBeGreaterThan(0);
    }
  }, 120_000);

  it("each student's key opens their own lab on the published address, and no other", async () => {
    const [a, b] = [openLab(labId('s01')), openLab(labId('s02'))];
    const own = await execa('ssh', [...sshOptions, '-i', a.files.key, '-p', String(a.record!.ports.node1), `vagrant@${ADDRESS}`, 'hostname -I'], { reject: false });
    expect(own.exitCode, String(own.stderr)).toBe(0);
    expect(String(own.stdout)).toContain(a.topology.nodes[0]!.ip);
    const other = await execa('ssh', [...sshOptions, '-i', b.files.key, '-p', String(a.record!.ports.node1), `vagrant@${ADDRESS}`, 'true'], { reject: false });
    expect(other.exitCode).toBe(255);
    expect(String(other.stderr)).toContain('Permission denied (publickey)');
  }, 60_000);

  it('lab ssh --lab reaches that lab\'s node1 from the same folder', async () => {
    const r = await lab(['ssh', 'node1', '--lab', labId('s03'), '--', 'hostname -I']);
    expectExit(r, 0);
    expect(r.stdout).toContain(openLab(labId('s03')).topology.nodes[0]!.ip);
    expect(r.stdout).not.toContain(openLab(labId('s01')).topology.nodes[0]!.ip);
  });

  it('a second writer on a busy lab is refused with one line naming the holder (exit 3)', async () => {
    const run = lab(['run', 'tls-selfsigned', '--lab', labId('s04')]);
    await new Promise((r) => setTimeout(r, 1500));
    const reset = await lab(['reset', '--lab', labId('s04')], { LAB_LOCK_WAIT: '1' });
    expectExit(reset, 3);
    expect(reset.stderr).toMatch(new RegExp(`^lab: lab "${labId('s04')}" is busy: \`lab run tls-selfsigned --lab ${labId('s04')}\` \\(pid \\d+\\) has held it since`));
    expectExit(await run, 0);
  }, 300_000);

  it('lab class test tls-selfsigned passes in all four labs', async () => {
    const r = await lab(['class', 'test', 'tls-selfsigned', '--class', cls]);
    expectExit(r, 0);
    expect(r.stdout).toContain('class test: Count: 4 labs, Failed: 0');
    for (const s of students) expect(r.stdout).toMatch(new RegExp(`✔ ${s} .* test .*self-test passed`));
  }, 900_000);

  it('one student solved ahead shows that stage in status and on the page, which follows live', async () => {
    expectExit(await lab(['class', 'reset', '--class', cls]), 0);
    expectExit(await lab(['class', 'solve', 'tls-selfsigned', '--to', 'trust-cert', '--class', cls, '--only', 's02']), 0);
    const room = await status();
    const ids = room.stages.map((st) => st.id);
    const s02 = room.students.find((s) => s.student === 's02')!;
    expect(s02.done).toEqual(ids.slice(0, ids.indexOf('trust-cert') + 1));
    expect(s02.stage).toBe(ids[ids.indexOf('trust-cert') + 1]);

    const page = await openRoomPage(cls);
    browser = page.browser;
    expect(await page.rows()).toEqual(room.students.map((s) => ({ student: s.student, done: s.done, current: s.stage })));
    expect(await page.tooltip('s01', ids[0]!)).toContain(room.students[0]!.failing![0]!.check);
    await page.screenshot(join(classDir(cls), 'room.png'));

    expectExit(await lab(['solve', 'tls-selfsigned', '--to', ids[0]!, '--lab', labId('s03')]), 0);
    await page.waitFor((rows) => rows.find((r) => r.student === 's03')?.done.includes(ids[0]!) === true, 30_000);
    page.stop();
  }, 300_000);

  it('lab class down leaves no container, network or volume of the class', async () => {
    const r = await lab(['class', 'down', '--class', cls]);
    expectExit(r, 0);
    for (const s of students) {
      expect(await labContainers(labId(s))).toEqual([]);
      expect(await labNetworks(labId(s))).toEqual([]);
      expect(await labVolumes(labId(s))).toEqual([]);
      expect(existsSync(openLab(labId(s)).files.dir)).toBe(false);
    }
    expect(existsSync(classDir(cls))).toBe(false);
  }, 300_000);
});
