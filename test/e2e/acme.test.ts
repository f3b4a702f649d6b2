import { describe, expect, it } from 'vitest';
import { expectExit, lab } from '../support/cli.js';
import { useRunningLab } from '../support/running-lab.js';

/**
 * Seed 001's Let's Encrypt path on the real nodes, offline: pebble and its test DNS run on node2,
 * certbot gets and renews the registry's certificate, node1 pushes to it.
 */
describe("seed 001's ACME path (pebble + certbot), for real", () => {
  const running = useRunningLab();

  it('lab run acme: the seed\'s -d yourdomain.com fails, registry.mydom.com gets a certificate node1 trusts, renewal is served after a restart', async () => {
    const r = await lab(['run', 'acme', '--verbose']);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/acme: Count: \d+, Failed: 0/);
    expect(r.stdout).toMatch(/the seed's line FAILS — the CA cannot reach yourdomain\.com \(failed, as expected\).*\n\s+\$ sudo certbot certonly --standalone -d yourdomain\.com\n/);
    const served = await running.nodes.exec('node1', 'echo | openssl s_client -connect registry.mydom.com:443 2>/dev/null | openssl x509 -noout -issuer');
    expect(served.stdout).toMatch(/issuer=CN ?= ?Pebble Intermediate CA/);
  }, 600_000);

  it('lab test acme: each stage\'s checks fail before its solution and pass after', async () => {
    const r = await lab(['test', 'acme']);
    expectExit(r, 0);
    expect(r.stdout).toMatch(/acme: self-test passed — Count: 5 checked stages, Failed: 0/);
  }, 600_000);

  it('lab reset stops pebble and restores /etc/letsencrypt and the system CAs', async () => {
    expectExit(await lab(['reset']), 0);
    const r = await running.nodes.exec('node2', "systemctl is-active lab-pebble; sudo ls /etc/letsencrypt; ls /usr/local/share/ca-certificates | wc -l; ls /vagrant | wc -l");
    expect(r.stdout.split('\n')[0]).not.toBe('active');
    expect(r.stdout).not.toContain('live');
    expect(r.stdout).toMatch(/cli\.ini\n0\n0\n?$/);
  }, 120_000);
});
