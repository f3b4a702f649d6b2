import type { CertFacts, CertsDirFacts, FileFacts, FolderFacts, ServerFacts } from './facts.js';

/** Reads the records of sh/certs-facts.sh (one per line, TAB-separated) into facts. */
export function parseCertsFacts(text: string, root: string): CertsDirFacts {
  const facts: CertsDirFacts = { root, exists: false, folders: [] };
  const folders = new Map<string, FolderFacts>();
  const folder = (name: string) => {
    let f = folders.get(name);
    if (!f) {
      f = { name, files: [] };
      folders.set(name, f);
      facts.folders.push(f);
    }
    return f;
  };
  const file = (dir: string, name: string): FileFacts => {
    const files = folder(dir).files;
    let f = files.find((x) => x.name === name);
    if (!f) {
      f = { name, mode: 0, regular: true };
      files.push(f);
    }
    return f;
  };
  const server = (dir: string): ServerFacts => {
    const d = folder(dir);
    d.server ??= { address: '', reachable: false, signedBy: [], clientAuth: false, clientCas: [] };
    return d.server;
  };

  for (const line of text.split('\n')) {
    const [kind, ...f] = line.split('\t');
    switch (kind) {
      case 'root':
        facts.exists = f[1] === 'present';
        break;
      case 'dir':
        folder(f[0]!);
        break;
      case 'file':
        if (f[2] === 'mode') file(f[0]!, f[1]!).mode = parseInt(f[3] ?? '0', 8);
        if (f[2] === 'type') file(f[0]!, f[1]!).regular = false;
        break;
      case 'cert': {
        const target = file(f[0]!, f[1]!);
        target.cert = setCertField(target.cert, f[2]!, f[3] ?? '');
        break;
      }
      case 'key': {
        const target = file(f[0]!, f[1]!);
        target.key = f[2] === 'pubkey' ? { pubkey: f[3] } : { error: f[3] ?? 'unreadable' };
        break;
      }
      case 'server': {
        const s = server(f[0]!);
        switch (f[1]) {
          case 'unreachable':
            s.reachable = false;
            s.error = cleanOpensslError(f[2] ?? '');
            break;
          case 'address':
            s.reachable = true;
            s.address = f[2] ?? '';
            break;
          case 'cert':
            s.cert = setCertField(s.cert, f[2]!, f[3] ?? '');
            break;
          case 'signedby':
            s.signedBy.push(f[2]!);
            break;
          case 'clientauth':
            s.clientAuth = f[2] === 'requested';
            break;
          case 'clientca':
            s.clientCas.push(f[2]!);
            break;
        }
        break;
      }
    }
  }
  return facts;
}

function setCertField(cert: CertFacts | undefined, field: string, value: string): CertFacts {
  const c = cert ?? { subject: '', issuer: '', notAfter: '', expired: false, isCa: false, san: [], eku: [], pubkey: '' };
  const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
  switch (field) {
    case 'subject': c.subject = value; break;
    case 'issuer': c.issuer = value; break;
    case 'notAfter': c.notAfter = value; break;
    case 'expired': c.expired = value === 'yes'; break;
    case 'basicConstraints': c.isCa = /CA:TRUE/.test(value); break;
    case 'san': c.san = list(value); break;
    case 'eku': c.eku = list(value); break;
    case 'pubkey': c.pubkey = value; break;
    case 'error': c.error = value; break;
  }
  return c;
}

/** "40D7…:error:8000006F:system library:BIO_connect:Connection refused:../crypto/…" → "Connection refused". */
export function cleanOpensslError(s: string): string {
  const m = /:([^:]+):\.\.\/[^:]*:\d+:/.exec(s);
  return (m ? m[1]! : s).trim() || 'no answer';
}
