import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineDrift } from '../../src/nodes/baseline.js';
import { loadTopology } from '../../src/nodes/topology.js';
import { expectExit, lab } from '../support/cli.js';
import { useRunningLab } from '../support/running-lab.js';

/**
 * Mutual TLS on the real nodes: the mtls scenario, what node1 can do once it ran, the self-test,
 * and `lab diagnose` on node1's real certs.d. Leaves the lab up and at its baseline (the
 * workshop file, which runs after this one, brings it down). Never skips.
 */
const topology = loadTopology();
const names = topology.nodes.map((n) => n.name);
const host = topology.registry.host;
const dir = `/etc/docker/certs.d/${host}`;
const reports = mkdtempSync(join(tmpdir(), 'lab-e2e-mtls-'));

const output = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

describe('mutual TLS between node1 and the registry on node2, for real', () => {
  const running = useRunningLab();
  const push = () => running.nodes.exec('node1', `docker image push ${host}/nginx:1.14`);

  it('lab run mtls: every stage of seed 000, each trap showing its real error', async () => {
    const md = join(reports, 'mtls.md');
    const r = await lab(['run', 'mtls', '--report', 'md', md]);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/mtls: Count: \d+, Failed: 0/);
    const transcript = readFileSync(md, 'utf8');
    expect(transcript).toContain('REGISTRY_HTTP_TLS_CLIENTCAS_0=/certs/ca.crt');
    expect(transcript).toContain('remote error: tls: bad certificate');
    expect(transcript).toContain('Missing client certificate client.cert for key client.key');
    expect(transcript).toContain('missing key client.key for client certificate client.cert. Note that CA certificates should use the extension .crt');
    expect(transcript).toContain('x509: certificate signed by unknown authority');
    expect(transcript).toContain('{"repositories":["nginx"]}');
  }, 600_000);

  it('after it, node1 without a client certificate is refused, and with the certs.d pair accepted', async () => {
    // The run ends with stage system-ca: trust moved from certs.d/ca.crt to the system store; put ca.crt back.
    const ca = await running.nodes.exec('node1', `sudo cp ca.crt ${dir}/ca.crt && sudo chmod 0444 ${dir}/ca.crt`);
    expect(ca.code, ca.stderr).toBe(0);
    const aside = await running.nodes.exec('node1', `mkdir -p aside && sudo mv ${dir}/client.cert ${dir}/client.key aside/`);
    expect(aside.code, aside.stderr).toBe(0);
    const refused = await push();
    expect(refused.code).not.toBe(0);
    expect(output(refused)).toMatch(/remote error: tls: (bad certificate|certificate required)/);

    const back = await running.nodes.exec('node1', `sudo mv aside/client.cert aside/client.key ${dir}/ && sudo stat -c %a ${dir}/client.key`);
    expect(back.stdout.trim()).toBe('400');
    const accepted = await push();
    expect(accepted.code, output(accepted)).toBe(0);
    expect(accepted.stdout).toMatch(/digest: sha256:[0-9a-f]{64}/);
  }, 120_000);

  it('lab diagnose node1: clean after the run; names a client certificate renamed client.crt, exit 1', async () => {
    const clean = await lab(['diagnose', 'node1']);
    expectExit(clean, 0);
    expect(clean.stdout).toContain(`✓ ${dir}: ca.crt, client.cert, client.key; ${host}:443 checked`);
    expect(clean.stdout).toContain('no problem found');

    await running.nodes.exec('node1', `sudo mv ${dir}/client.cert ${dir}/client.crt`);
    const r = await lab(['diagnose', 'node1']);
    expectExit(r, 1);
    expect(r.stdout).toContain(`✗ ${dir}/client.crt: a client certificate (CN=docker-client) named .crt`);
    expect(r.stdout).toContain(`fix: sudo mv ${dir}/client.crt ${dir}/client.cert`);
    expect(r.stderr).toBe('lab: 1 problem(s) in node1:/etc/docker/certs.d\nhint: apply the fixes above, then run `lab diagnose node1` again');
  }, 120_000);

  it("lab diagnose asks the real registry: with only ca.crt, it says the registry wants a client certificate", async () => {
    await running.nodes.exec('node1', `sudo rm ${dir}/client.crt ${dir}/client.key`);
    const r = await lab(['diagnose', 'node1', '--json']);
    expectExit(r, 1);
    const result = JSON.parse(r.stdout) as { findings: { rule: string; problem: string }[] };
    expect(result.findings.map((f) => f.rule)).toEqual(['no-client-cert']);
    expect(result.findings[0]!.problem).toContain(`${host}:443 asks for a client certificate`);
  }, 120_000);

  it("lab test mtls: each stage's checks fail before its solution and pass after", async () => {
    const r = await lab(['test', 'mtls']);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/mtls: self-test passed — Count: 12 checked stages, Failed: 0/);
  }, 600_000);

  it('lab reset puts both nodes back to the baseline', async () => {
    expectExit(await lab(['reset']), 0);
    expect(await baselineDrift(running.lab, running.nodes, names)).toEqual({ node1: [], node2: [] });
  }, 120_000);
});
