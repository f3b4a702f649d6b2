import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';

/**
 * A throw-away PKI made by the real openssl, with the seed's commands except for the keys (P-256
 * instead of RSA 4096, to stay fast), and TLS servers on 127.0.0.1 that present its certificates —
 * fixtures for `lab diagnose`.
 */
export class Pki {
  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'db'), { recursive: true });
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  openssl(...args: string[]): string {
    return execFileSync('openssl', args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  }

  key(name: string): string {
    this.openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`);
    return this.path(`${name}.key`);
  }

  /** A self-signed CA certificate (CA:TRUE), as seed 000's step 1. */
  ca(name: string, cn: string): void {
    this.key(name);
    this.openssl('req', '-x509', '-new', '-nodes', '-key', `${name}.key`, '-days', '365', '-out', `${name}.crt`, '-subj', `/CN=${cn}`);
  }

  /**
   * A certificate for `name` (key made unless it exists), signed by `ca` with the extension lines
   * given; `expired` signs it for 2020-01-01..02 through `openssl ca`, which accepts explicit dates.
   */
  signed(name: string, cn: string, ca: string, ext: string[], options: { expired?: boolean; keyOf?: string } = {}): void {
    const keyName = options.keyOf ?? name;
    if (!options.keyOf) this.key(name);
    writeFileSync(this.path(`${name}.ext`), `${ext.join('\n')}\n`);
    this.openssl('req', '-new', '-key', `${keyName}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    if (!options.expired) {
      this.openssl('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.crt`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.crt`, '-days', '365', '-sha256', '-extfile', `${name}.ext`);
      return;
    }
    writeFileSync(this.path('ca.cnf'), '[ca]\ndefault_ca = lab\n[lab]\ndatabase = db/index.txt\nnew_certs_dir = db\nserial = db/serial\ndefault_md = sha256\npolicy = any\nunique_subject = no\n[any]\ncommonName = supplied\n');
    writeFileSync(this.path('db/index.txt'), '');
    writeFileSync(this.path('db/serial'), `${Date.now().toString(16).padStart(16, '0')}\n`);
    this.openssl('ca', '-config', 'ca.cnf', '-batch', '-notext', '-cert', `${ca}.crt`, '-keyfile', `${ca}.key`, '-in', `${name}.csr`, '-out', `${name}.crt`, '-extfile', `${name}.ext`, '-startdate', '20200101000000Z', '-enddate', '20200102000000Z');
  }

  /** A self-signed server certificate without CA:TRUE, as the tls-selfsigned scenario makes it. */
  selfSignedServer(name: string, cn: string): void {
    writeFileSync(this.path(`${name}.cnf`), `[req]\nprompt = no\ndistinguished_name = dn\nx509_extensions = v3\n[dn]\nCN = ${cn}\n[v3]\nkeyUsage = digitalSignature, keyEncipherment\nsubjectAltName = DNS:${cn}\n`);
    this.key(name);
    this.openssl('req', '-x509', '-new', '-key', `${name}.key`, '-sha256', '-days', '365', '-out', `${name}.crt`, '-config', `${name}.cnf`);
  }
}

/** Builds a certs.d folder: files copied from the PKI under their new names, with their modes. */
export function folder(root: string, name: string, pki: Pki, files: Record<string, string | { from?: string; text?: string; mode?: number }>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [target, spec] of Object.entries(files)) {
    const s = typeof spec === 'string' ? { from: spec } : spec;
    const to = join(dir, target);
    if (s.text !== undefined) writeFileSync(to, s.text);
    else copyFileSync(pki.path(s.from!), to);
    chmodSync(to, s.mode ?? (target.endsWith('.key') ? 0o400 : 0o444));
  }
  return dir;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** `openssl s_server` on 127.0.0.1 presenting `cert`; with `clientCa`, it demands a client certificate from that CA. */
export async function tlsServer(pki: Pki, cert: string, options: { clientCa?: string } = {}): Promise<{ port: number; process: ChildProcess }> {
  const port = await freePort();
  const args = ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', `${cert}.crt`, '-key', `${cert}.key`, '-www', '-quiet'];
  if (options.clientCa) args.push('-Verify', '1', '-CAfile', `${options.clientCa}.crt`);
  const child = spawn('openssl', args, { cwd: pki.dir, stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    if (await accepts(port)) return { port, process: child };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`openssl s_server did not listen on 127.0.0.1:${port}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}
