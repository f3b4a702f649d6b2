import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Nodes } from '../../src/engine/nodes.js';
import { EnvironmentError } from '../../src/errors.js';
import type { CertsDirFacts, Finding } from '../../src/diagnose/facts.js';
import { gatherCertsFacts } from '../../src/diagnose/gather.js';
import { cleanOpensslError } from '../../src/diagnose/parse.js';
import { diagnose } from '../../src/diagnose/rules.js';
import { folderAddress, sanCovers } from '../../src/diagnose/san.js';
import { runOnHost } from '../../src/nodes/host-transport.js';
import { folder, Pki, tlsServer } from '../support/pki.js';

/**
 * Every rule of `lab diagnose` on certs.d folders made by the real openssl in a temp dir, gathered
 * by the same script as on the nodes, through a Nodes whose exec runs on this machine. The TLS
 * servers are `openssl s_server` on 127.0.0.1.
 */
const calls: string[] = [];
const local: Nodes = {
  exec: (node, command, options) => {
    calls.push(`${node}: ${command}`);
    return runOnHost(command, options);
  },
};

const work = mkdtempSync(join(tmpdir(), 'lab-diagnose-'));
const pki = new Pki(join(work, 'pki'));
const servers: ChildProcess[] = [];
let files: CertsDirFacts; // no probe: file rules
let probed: CertsDirFacts; // with registries
const ports: Record<string, number> = {};

const rulesOf = (facts: CertsDirFacts, name: string) =>
  diagnose(facts).findings.filter((f) => f.folder === name).map((f) => f.rule).sort();
const findingsOf = (facts: CertsDirFacts, name: string): Finding[] => diagnose(facts).findings.filter((f) => f.folder === name);

beforeAll(async () => {
  pki.ca('ca', 'Lab Test CA');
  pki.ca('other', 'Other CA');
  pki.signed('server', 'localhost', 'ca', ['subjectAltName = DNS:localhost', 'extendedKeyUsage = serverAuth']);
  pki.signed('stale-server', 'localhost', 'ca', ['subjectAltName = DNS:localhost', 'extendedKeyUsage = serverAuth'], { expired: true });
  pki.signed('client', 'docker-client', 'ca', ['extendedKeyUsage = clientAuth']);
  pki.signed('stale-client', 'docker-client', 'ca', ['extendedKeyUsage = clientAuth'], { expired: true, keyOf: 'client' });
  pki.signed('foreign-client', 'docker-client', 'other', ['extendedKeyUsage = clientAuth']);
  pki.key('stranger');
  pki.selfSignedServer('domain', 'registry.test');

  const pair = { 'ca.crt': 'ca.crt', 'client.cert': 'client.crt', 'client.key': 'client.key' };
  const f = join(work, 'files');
  folder(f, 'clean.test:5000', pki, pair);
  folder(f, 'selfsigned.test:5000', pki, { 'ca.crt': 'domain.crt' });
  folder(f, 'client-crt.test:5000', pki, { 'ca.crt': 'ca.crt', 'client.crt': 'client.crt', 'client.key': 'client.key' });
  folder(f, 'lone-client-crt.test:5000', pki, { 'ca.crt': 'ca.crt', 'client.crt': 'client.crt' });
  folder(f, 'cert-no-key.test:5000', pki, { 'ca.crt': 'ca.crt', 'client.cert': 'client.crt' });
  folder(f, 'ca-as-cert.test:5000', pki, { 'ca.cert': 'ca.crt' });
  folder(f, 'key-no-cert.test:5000', pki, { 'ca.crt': 'ca.crt', 'client.key': 'client.key' });
  folder(f, 'ca-key.test:5000', pki, { 'ca.crt': 'ca.crt', 'ca.key': 'ca.key' });
  folder(f, 'mismatch.test:5000', pki, { ...pair, 'client.key': 'stranger.key' });
  folder(f, 'garbled-key.test:5000', pki, { ...pair, 'client.key': { text: 'not a key\n' } });
  folder(f, 'open-key.test:5000', pki, { ...pair, 'client.key': { from: 'client.key', mode: 0o644 } });
  folder(f, 'registry.test:443', pki, pair);
  folder(f, 'expired.test:5000', pki, { ...pair, 'client.cert': 'stale-client.crt' });
  folder(f, 'garbage.test:5000', pki, { 'ca.crt': { text: 'hello\n' } });

  const good = await tlsServer(pki, 'server', { clientCa: 'ca' });
  const stale = await tlsServer(pki, 'stale-server');
  const other = await tlsServer(pki, 'server', { clientCa: 'ca' });
  servers.push(good.process, stale.process, other.process);
  Object.assign(ports, { good: good.port, stale: stale.port, other: other.port });
  const p = join(work, 'probed');
  folder(p, `localhost:${good.port}`, pki, pair);
  folder(p, `127.0.0.1:${good.port}`, pki, pair);
  folder(p, `localhost:${stale.port}`, pki, pair);
  folder(p, `localhost:${other.port}`, pki, { 'ca.crt': 'other.crt', 'client.cert': 'foreign-client.crt', 'client.key': 'foreign-client.key' });
  folder(p, 'localhost:1', pki, pair);
  calls.length = 0;
  [files, probed] = await Promise.all([
    gatherCertsFacts(local, 'host', { root: f, probe: false, sudo: false }),
    gatherCertsFacts(local, 'host', { root: p, sudo: false }),
  ]);
}, 60_000);

afterAll(() => {
  for (const s of servers) s.kill();
  rmSync(work, { recursive: true, force: true });
});

describe('lab diagnose: file rules, on folders made by openssl', () => {
  it('a clean folder (ca.crt, client.cert, client.key 0400) has no finding', () => {
    expect(rulesOf(files, 'clean.test:5000')).toEqual([]);
  });

  it('a self-signed server certificate used as ca.crt (tls-selfsigned) is not taken for a client certificate', () => {
    expect(rulesOf(files, 'selfsigned.test:5000')).toEqual([]);
  });

  it('client-cert-as-crt: the seed\'s client.crt next to client.key — one finding, with the rename', () => {
    const [f, ...rest] = findingsOf(files, 'client-crt.test:5000');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'client-cert-as-crt', path: `${files.root}/client-crt.test:5000/client.crt` });
    expect(f!.problem).toContain('missing client certificate client.cert for key client.key');
    expect(f!.fix).toBe(`sudo mv ${files.root}/client-crt.test:5000/client.crt ${files.root}/client-crt.test:5000/client.cert`);
  });

  it('client-cert-as-crt: a lone client.crt is recognised by its clientAuth usage', () => {
    expect(rulesOf(files, 'lone-client-crt.test:5000')).toEqual(['client-cert-as-crt']);
  });

  it('cert-without-key: client.cert alone, with Docker\'s wording', () => {
    const [f] = findingsOf(files, 'cert-no-key.test:5000');
    expect(rulesOf(files, 'cert-no-key.test:5000')).toEqual(['cert-without-key']);
    expect(f!.problem).toContain('"missing key client.key for client certificate client.cert"');
    expect(f!.fix).toContain('chmod 0400');
  });

  it('cert-without-key: a CA named .cert is told to be renamed .crt', () => {
    const [f] = findingsOf(files, 'ca-as-cert.test:5000');
    expect(f).toMatchObject({ rule: 'cert-without-key', fix: `sudo mv ${files.root}/ca-as-cert.test:5000/ca.cert ${files.root}/ca-as-cert.test:5000/ca.crt` });
  });

  it('key-without-cert: client.key alone, with Docker\'s wording', () => {
    const [f] = findingsOf(files, 'key-no-cert.test:5000');
    expect(rulesOf(files, 'key-no-cert.test:5000')).toEqual(['key-without-cert']);
    expect(f!.problem).toContain('"missing client certificate client.cert for key client.key"');
  });

  it("key-without-cert: the CA's own key is told to leave the client", () => {
    const [f] = findingsOf(files, 'ca-key.test:5000');
    expect(f).toMatchObject({ rule: 'key-without-cert', path: `${files.root}/ca-key.test:5000/ca.key` });
    expect(f!.problem).toContain('private key of the CA CN=Lab Test CA');
  });

  it('key-mismatch: a key that is not the certificate\'s, and one openssl cannot read', () => {
    expect(rulesOf(files, 'mismatch.test:5000')).toEqual(['key-mismatch']);
    expect(findingsOf(files, 'mismatch.test:5000')[0]!.problem).toContain('not the key of client.cert (CN=docker-client)');
    expect(rulesOf(files, 'garbled-key.test:5000')).toEqual(['key-mismatch']);
    expect(findingsOf(files, 'garbled-key.test:5000')[0]!.problem).toContain('not a private key openssl can read');
  });

  it('key-mode: a key readable by others, fixed with chmod 0400', () => {
    const [f] = findingsOf(files, 'open-key.test:5000');
    expect(rulesOf(files, 'open-key.test:5000')).toEqual(['key-mode']);
    expect(f!.problem).toBe('private key readable by its group and everyone (mode 0644)');
    expect(f!.fix).toBe(`sudo chmod 0400 ${files.root}/open-key.test:5000/client.key`);
  });

  it('folder-443: a folder named with :443 is renamed without the port', () => {
    const [f] = findingsOf(files, 'registry.test:443');
    expect(rulesOf(files, 'registry.test:443')).toEqual(['folder-443']);
    expect(f!.fix).toBe(`sudo mv ${files.root}/registry.test:443 ${files.root}/registry.test`);
  });

  it('expired: an expired client certificate', () => {
    const [f] = findingsOf(files, 'expired.test:5000');
    expect(rulesOf(files, 'expired.test:5000')).toEqual(['expired']);
    expect(f!.problem).toBe('expired on Jan  2 00:00:00 2020 GMT (CN=docker-client)');
  });

  it('not-a-certificate: a .crt that is not PEM', () => {
    expect(rulesOf(files, 'garbage.test:5000')).toEqual(['not-a-certificate']);
  });

  it('the facts of a tree come from one exec call, and a failing one is an environment error', async () => {
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(/^host: bash -s -- '.*files' 0$/);
    expect(calls[1]).toMatch(/^host: bash -s -- '.*probed' 1$/);
    const failing: Nodes = { exec: async () => ({ stdout: '', stderr: 'sudo: a password is required', code: 1 }) };
    await expect(gatherCertsFacts(failing, 'node1')).rejects.toThrow(EnvironmentError);
    await expect(gatherCertsFacts(failing, 'node1')).rejects.toThrow('cannot inspect /etc/docker/certs.d on node1: sudo: a password is required');
  });

  it('a missing certs.d is a note, not a problem', async () => {
    const facts = await gatherCertsFacts(local, 'host', { root: join(work, 'nothing-here'), sudo: false });
    expect(diagnose(facts)).toEqual({ findings: [], notes: [`${join(work, 'nothing-here')} does not exist: Docker uses the system's CAs only`] });
  });
});

describe('lab diagnose: registry rules, against openssl s_server on 127.0.0.1', () => {
  it('a clean folder for a registry that demands a client certificate from its CA has no finding', () => {
    const folderFacts = probed.folders.find((f) => f.name === `localhost:${ports.good}`)!;
    expect(folderFacts.server).toMatchObject({ reachable: true, signedBy: ['ca.crt'], clientAuth: true, clientCas: ['CN=Lab Test CA'] });
    expect(rulesOf(probed, `localhost:${ports.good}`)).toEqual([]);
  });

  it("san-mismatch: the folder names 127.0.0.1, the certificate only DNS:localhost", () => {
    const [f] = findingsOf(probed, `127.0.0.1:${ports.good}`);
    expect(rulesOf(probed, `127.0.0.1:${ports.good}`)).toEqual(['san-mismatch']);
    expect(f!.problem).toContain('its subjectAltName (DNS:localhost) does not cover 127.0.0.1');
    expect(f!.fix).toContain('subjectAltName = IP:127.0.0.1');
  });

  it("expired and client-cert-not-requested: the registry's certificate is out of date, and it never asks for a client certificate", () => {
    expect(rulesOf(probed, `localhost:${ports.stale}`)).toEqual(['client-cert-not-requested', 'expired']);
    const expiredFinding = findingsOf(probed, `localhost:${ports.stale}`).find((f) => f.rule === 'expired')!;
    expect(expiredFinding.path).toBe(`localhost:${ports.stale} (the registry's certificate)`);
  });

  it('ca-not-signer and client-ca-not-accepted: a folder made with another CA', () => {
    expect(rulesOf(probed, `localhost:${ports.other}`)).toEqual(['ca-not-signer', 'client-ca-not-accepted']);
    const f = findingsOf(probed, `localhost:${ports.other}`);
    expect(f[0]!.problem).toContain('ca.crt did not sign the certificate');
    expect(f[0]!.fix).toContain('(CN=Lab Test CA)');
    expect(f[1]!.problem).toContain('issued by CN=Other CA');
  });

  it('no-client-cert: the registry demands one, the folder only has ca.crt', async () => {
    const p = join(work, 'only-ca');
    folder(p, `localhost:${ports.good}`, pki, { 'ca.crt': 'ca.crt' });
    const facts = await gatherCertsFacts(local, 'host', { root: p, sudo: false });
    expect(rulesOf(facts, `localhost:${ports.good}`)).toEqual(['no-client-cert']);
  });

  it('a registry that does not answer is a note, not a problem', () => {
    const d = diagnose(probed);
    expect(d.findings.filter((f) => f.folder === 'localhost:1')).toEqual([]);
    expect(d.notes).toEqual([`${probed.root}/localhost:1: localhost:1 did not answer (Connection refused): its certificate was not checked`]);
  });
});

describe('helpers', () => {
  it('sanCovers: exact names, one-label wildcards, IPs; never the CN', () => {
    expect(sanCovers(['DNS:registry.mydom.com', 'IP Address:192.168.56.101'], 'registry.mydom.com')).toBe(true);
    expect(sanCovers(['DNS:registry.mydom.com', 'IP Address:192.168.56.101'], '192.168.56.101')).toBe(true);
    expect(sanCovers(['DNS:*.mydom.com'], 'registry.mydom.com')).toBe(true);
    expect(sanCovers(['DNS:*.mydom.com'], 'a.registry.mydom.com')).toBe(false);
    expect(sanCovers(['DNS:my-registry.example.com', 'IP Address:127.0.0.1'], 'registry.mydom.com')).toBe(false);
    expect(sanCovers([], 'registry.mydom.com')).toBe(false);
  });

  it('folderAddress: the port defaults to 443', () => {
    expect(folderAddress('registry.mydom.com:5000')).toEqual({ host: 'registry.mydom.com', port: 5000 });
    expect(folderAddress('registry.mydom.com')).toEqual({ host: 'registry.mydom.com', port: 443 });
  });

  it('cleanOpensslError keeps the reason only', () => {
    expect(cleanOpensslError('40D7B76EF27F0000:error:8000006F:system library:BIO_connect:Connection refused:../crypto/bio/bio_sock2.c:117:calling connect()')).toBe('Connection refused');
    expect(cleanOpensslError('')).toBe('no answer');
  });
});
