import { describe, expect, it } from 'vitest';
import { lab } from '../support/cli.js';

/** `--lang` and the locale, through the real binary (no node needed for list and hint). */
describe('lab --lang', () => {
  it('lab hint tls-selfsigned trust-cert --lang fr: French, and no command', async () => {
    const r = await lab(['hint', 'tls-selfsigned', 'trust-cert', '--lang', 'fr']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('indice: Le daemon de node1 cherche les certificats');
    expect(r.stdout).not.toMatch(/vagrant@|sudo (mkdir|cp)|docker image push/);
    const solution = await lab(['hint', 'tls-selfsigned', 'trust-cert', '--lang', 'fr', '--solution']);
    expect(solution.stdout).toContain('vagrant@node1:~$ sudo mkdir -p /etc/docker/certs.d/registry.mydom.com:5000');
    expect(solution.stdout).toContain('erratum du seed:');
  }, 30_000);

  it('the default comes from LANG; LC_ALL wins', async () => {
    const fr = await lab(['list', 'tls-selfsigned'], { LANG: 'fr_FR.UTF-8', LC_ALL: '' });
    expect(fr.stdout).toContain('Registry sans TLS — le daemon refuse de pousser en HTTP');
    const en = await lab(['list', 'tls-selfsigned'], { LANG: 'fr_FR.UTF-8', LC_ALL: 'C.UTF-8' });
    expect(en.stdout).toContain('Registry without TLS — the daemon refuses to push over plain HTTP');
  }, 30_000);

  it('an unknown language is bad input (exit 2), with the choices', async () => {
    const r = await lab(['list', '--lang', 'de']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe('lab: unknown language "de"\nhint: use --lang fr or --lang en');
  }, 30_000);
});
