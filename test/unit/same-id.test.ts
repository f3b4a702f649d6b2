import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLabContainers, type LabContainer } from '../../src/nodes/docker-host.js';
import { labFiles } from '../../src/nodes/lab/paths.js';
import { openLab } from '../../src/nodes/lab/record.js';
import { byOwner, idTaken } from '../../src/nodes/provider/same-id.js';

/**
 * Two state folders, one lab id, one Docker host. docker-ps-lab-containers-real.txt: `docker ps -a
 * --no-trunc --format LAB_CONTAINER_FORMAT` for a lab "owner" brought up with LAB_STATE=/tmp/s8
 * (2026-11-26); its node1's Vagrant machine id was a1c0b7cc….
 */
const captured = parseLabContainers(readFileSync(join(import.meta.dirname, '../fixtures/outputs/docker-ps-lab-containers-real.txt'), 'utf8'));
const node1 = captured.find((c) => c.node === 'node1')!;

/** A state folder whose Vagrant recorded these machine ids (node → container id). */
function stateFolder(machines: Record<string, string>): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'lab-unit-same-id-')), 'labs', 'owner');
  for (const [node, id] of Object.entries(machines)) {
    const folder = join(labFiles(dir).vagrant, 'machines', node, 'docker');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'id'), `${id}\n`);
  }
  return dir;
}

const elsewhere = (containers: LabContainer[], dir: string) => containers.map((c) => ({ ...c, owner: dir }));
const ourLab = () => ({ ...openLab('owner'), files: labFiles(stateFolder({})) });

describe('byOwner: whose are the containers carrying a lab id', () => {
  it('reads the state folder each container was made from', () => {
    expect(captured.map((c) => [c.node, c.state, c.owner])).toEqual([
      ['node2', 'running', '/tmp/s8/labs/owner'],
      ['node1', 'running', '/tmp/s8/labs/owner'],
    ]);
  });

  it("a live lab of the same id in another state folder keeps its nodes: they are not this lab's", () => {
    const other = stateFolder({ node1: node1.id, node2: captured[0]!.id });
    const { own, others } = byOwner(ourLab(), elsewhere(captured, other));
    expect(own).toEqual([]);
    expect(others.map((c) => c.name).sort()).toEqual(['owner-node1', 'owner-node2']);
  });

  it('nodes whose state folder is gone, or whose Vagrant no longer records them, are leftovers of this lab', () => {
    const gone = join(tmpdir(), 'lab-unit-same-id-never-made', 'labs', 'owner');
    expect(byOwner(ourLab(), elsewhere(captured, gone)).others).toEqual([]);
    const rebuilt = stateFolder({ node1: 'f'.repeat(64) });
    expect(byOwner(ourLab(), elsewhere(captured, rebuilt)).own).toHaveLength(2);
  });

  it("this lab's own nodes, and nodes made before the label, are its own", () => {
    const lab = ourLab();
    const { own, others } = byOwner(lab, [...elsewhere([node1], lab.files.dir), { ...captured[0]!, owner: undefined }]);
    expect(others).toEqual([]);
    expect(own).toHaveLength(2);
  });

  it("this lab's machines are its own even under another folder's label (its folder reached by another path)", () => {
    const lab = { ...openLab('owner'), files: labFiles(stateFolder({ node1: node1.id })) };
    const other = stateFolder({ node1: node1.id });
    const { own, others } = byOwner(lab, elsewhere([node1], other));
    expect(others).toEqual([]);
    expect(own).toHaveLength(1);
  });

  it('the refusal names the other state folder and its nodes, and an id to take instead', () => {
    const other = stateFolder({ node1: node1.id, node2: captured[0]!.id });
    const error = idTaken(ourLab(), byOwner(ourLab(), elsewhere(captured, other)).others);
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`lab id "owner" is taken on this Docker host by a lab of another state folder (${other}: owner-node1, owner-node2)`);
    expect(error.hint).toContain('lab up --lab owner-2');
    expect(error.hint).toContain(`LAB_STATE='${join(other, '..', '..')}' lab --lab owner down`);
  });
});
