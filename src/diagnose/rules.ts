import type { CertFacts, CertsDirFacts, FileFacts, Finding, FolderFacts, Problem } from './facts.js';
import { folderAddress, isIp, sanCovers } from './san.js';

/**
 * The troubleshooting of seeds 000 and 004 as rules: pure functions over the facts of one certs.d
 * folder, each returning its findings with the fix. Docker's own wordings are quoted so that a
 * student can match the finding to the error the push printed.
 */
export interface Folder {
  facts: FolderFacts;
  /** Full path of the folder, for messages and fixes. */
  dir: string;
  root: string;
}

export type Rule = (f: Folder) => Problem[];

const SERVER_AUTH = 'TLS Web Server Authentication';
const CLIENT_AUTH = 'TLS Web Client Authentication';

const stem = (name: string) => name.replace(/\.(crt|cert|key)$/, '');
const file = (f: Folder, name: string) => f.facts.files.find((x) => x.name === name);
const withExt = (f: Folder, ext: string) => f.facts.files.filter((x) => x.name.endsWith(ext));
const readable = (x: FileFacts | undefined): CertFacts | undefined => (x?.cert && !x.cert.error ? x.cert : undefined);
const path = (f: Folder, name: string) => `${f.dir}/${name}`;

/** Quote for the shell only when needed, so fixes stay readable and copy-pasteable. */
export function sh(s: string): string {
  return /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A *.crt that is a client's certificate: not a CA, and made for clients or paired with a key. */
export function isClientCertAsCrt(f: Folder, x: FileFacts): boolean {
  const c = readable(x);
  if (!x.name.endsWith('.crt') || !c || c.isCa) return false;
  const key = file(f, `${stem(x.name)}.key`)?.key;
  const clientOnly = c.eku.includes(CLIENT_AUTH) && !c.eku.includes(SERVER_AUTH);
  return clientOnly || (key?.pubkey !== undefined && key.pubkey === c.pubkey);
}

export const clientCertAsCrt: Rule = (f) =>
  withExt(f, '.crt')
    .filter((x) => isClientCertAsCrt(f, x))
    .map((x) => {
      const s = stem(x.name);
      const key = file(f, `${s}.key`) ? `, and its key alone makes Docker refuse the folder ("missing client certificate ${s}.cert for key ${s}.key")` : '';
      return {
        rule: 'client-cert-as-crt',
        path: path(f, x.name),
        problem: `a client certificate (${readable(x)!.subject}) named .crt: Docker loads every *.crt as a CA and never presents it${key}`,
        fix: `sudo mv ${sh(path(f, x.name))} ${sh(path(f, `${s}.cert`))}`,
      };
    });

export const certWithoutKey: Rule = (f) =>
  withExt(f, '.cert')
    .filter((x) => !file(f, `${stem(x.name)}.key`))
    .map((x) => {
      const s = stem(x.name);
      const docker = `"missing key ${s}.key for client certificate ${x.name}"`;
      if (readable(x)?.isCa) {
        return { rule: 'cert-without-key', path: path(f, x.name), problem: `a CA certificate named .cert: Docker takes it for a client certificate and refuses the folder (${docker})`, fix: `sudo mv ${sh(path(f, x.name))} ${sh(path(f, `${s}.crt`))}` };
      }
      return { rule: 'cert-without-key', path: path(f, x.name), problem: `client certificate without its key: Docker refuses the folder (${docker})`, fix: `copy its private key next to it: sudo cp client.key ${sh(path(f, `${s}.key`))} && sudo chmod 0400 ${sh(path(f, `${s}.key`))}` };
    });

export const keyWithoutCert: Rule = (f) =>
  withExt(f, '.key')
    .filter((x) => !file(f, `${stem(x.name)}.cert`))
    .flatMap((x) => {
      const s = stem(x.name);
      const crt = file(f, `${s}.crt`);
      if (crt && isClientCertAsCrt(f, crt)) return []; // client-cert-as-crt says it, with the fix for both
      const docker = `"missing client certificate ${s}.cert for key ${x.name}"`;
      if (readable(crt)?.isCa) {
        return [{ rule: 'key-without-cert', path: path(f, x.name), problem: `the private key of the CA ${readable(crt)!.subject}: it does not belong on a Docker client, and Docker refuses the folder (${docker})`, fix: `sudo rm ${sh(path(f, x.name))}   (keep the CA's key on the CA's machine only)` }];
      }
      return [{ rule: 'key-without-cert', path: path(f, x.name), problem: `key without its client certificate: Docker refuses the folder (${docker})`, fix: `copy the client certificate next to it as ${s}.cert, or remove the key: sudo rm ${sh(path(f, x.name))}` }];
    });

export const keyMismatch: Rule = (f) =>
  withExt(f, '.cert').flatMap((x) => {
    const s = stem(x.name);
    const key = file(f, `${s}.key`);
    const cert = readable(x);
    if (!key?.key || !cert) return [];
    const compare = `openssl x509 -noout -pubkey -in ${sh(path(f, x.name))} must equal sudo openssl pkey -pubout -in ${sh(path(f, key.name))}`;
    if (key.key.error) {
      return [{ rule: 'key-mismatch', path: path(f, key.name), problem: `not a private key openssl can read (${key.key.error}): the TLS handshake cannot sign`, fix: `copy the PEM private key that goes with ${x.name} (${compare})` }];
    }
    if (key.key.pubkey === cert.pubkey) return [];
    return [{ rule: 'key-mismatch', path: path(f, key.name), problem: `not the key of ${x.name} (${cert.subject}): the client certificate cannot be used`, fix: `copy the key the certificate's CSR was made with (${compare})` }];
  });

export const keyMode: Rule = (f) =>
  withExt(f, '.key')
    .filter((x) => (x.mode & 0o077) !== 0)
    .map((x) => {
      const who = [x.mode & 0o070 ? 'its group' : '', x.mode & 0o007 ? 'everyone' : ''].filter(Boolean).join(' and ');
      return { rule: 'key-mode', path: path(f, x.name), problem: `private key readable by ${who} (mode 0${x.mode.toString(8)})`, fix: `sudo chmod 0400 ${sh(path(f, x.name))}` };
    });

export const folderWith443: Rule = (f) => {
  const { host, port } = folderAddress(f.facts.name);
  if (port !== 443 || !f.facts.name.endsWith(':443')) return [];
  return [{ rule: 'folder-443', path: f.dir, problem: `folder named with the default port: Docker reads certs.d/${host} for images named ${host}/…, and this folder only for images written ${host}:443/…`, fix: `sudo mv ${sh(f.dir)} ${sh(`${f.root}/${host}`)}` }];
};

export const unreadableCert: Rule = (f) =>
  f.facts.files
    .filter((x) => x.cert?.error)
    .map((x) => ({ rule: 'not-a-certificate', path: path(f, x.name), problem: `${x.cert!.error}: Docker cannot load it`, fix: `replace it with the PEM certificate (-----BEGIN CERTIFICATE-----); from DER: openssl x509 -inform der -in FILE -out ${sh(path(f, x.name))}` }));

export const expired: Rule = (f) => {
  const found: Problem[] = f.facts.files
    .filter((x) => readable(x)?.expired)
    .map((x) => ({
      rule: 'expired',
      path: path(f, x.name),
      problem: `expired on ${x.cert!.notAfter} (${x.cert!.subject})`,
      fix: x.cert!.isCa ? 'renew the CA (openssl req -x509 -new -key ca.key -days 365 …), re-sign the certificates it signed, and copy it here again' : `sign a new certificate for the same key with the CA (openssl x509 -req … -days 365) and copy it here as ${x.name}`,
    }));
  const s = f.facts.server;
  if (s?.cert && !s.cert.error && s.cert.expired) {
    found.push({ rule: 'expired', path: `${s.address} (the registry's certificate)`, problem: `the registry's certificate (${s.cert.subject}) expired on ${s.cert.notAfter}: Docker answers "x509: certificate has expired or is not yet valid"`, fix: 're-sign the registry\'s certificate with the CA (openssl x509 -req … -days 365) and restart the registry' });
  }
  return found;
};

export const caNotSigner: Rule = (f) => {
  const s = f.facts.server;
  const cas = withExt(f, '.crt').filter((x) => readable(x) && !isClientCertAsCrt(f, x));
  if (!s?.cert || s.cert.error || cas.length === 0 || s.signedBy.length > 0) return [];
  return [{ rule: 'ca-not-signer', path: cas.length === 1 ? path(f, cas[0]!.name) : f.dir, problem: `${cas.map((x) => x.name).join(', ')} did not sign the certificate ${s.address} presents (issued by ${s.cert.issuer}): Docker answers "x509: certificate signed by unknown authority"`, fix: `copy the CA that signed it (${s.cert.issuer}) as ${sh(path(f, 'ca.crt'))}` }];
};

export const sanMismatch: Rule = (f) => {
  const s = f.facts.server;
  if (!s?.cert || s.cert.error) return [];
  const { host } = folderAddress(f.facts.name);
  if (sanCovers(s.cert.san, host)) return [];
  const entry = isIp(host) ? `IP:${host}` : `DNS:${host}`;
  return [{ rule: 'san-mismatch', path: `${s.address} (the registry's certificate)`, problem: `its subjectAltName (${s.cert.san.join(', ') || 'none'}) does not cover ${host}; the CN does not count: Docker answers "x509: certificate is valid for …, not ${host}"`, fix: `re-issue the registry's certificate with subjectAltName = ${entry} in its extfile.cnf, and restart the registry` }];
};

export const clientCaNotAccepted: Rule = (f) => {
  const s = f.facts.server;
  if (!s?.clientAuth || s.clientCas.length === 0) return [];
  return withExt(f, '.cert')
    .filter((x) => readable(x) && !s.clientCas.includes(readable(x)!.issuer))
    .map((x) => ({ rule: 'client-ca-not-accepted', path: path(f, x.name), problem: `issued by ${x.cert!.issuer}, but ${s.address} accepts client certificates from ${s.clientCas.join('; ')} only: the registry answers "tls: bad certificate"`, fix: `have ${s.clientCas[0]} sign the client's CSR and copy the result here as ${x.name}` }));
};

export const clientCertNotRequested: Rule = (f) => {
  const s = f.facts.server;
  if (!s?.reachable || !s.cert || s.clientAuth || withExt(f, '.cert').length === 0) return [];
  return [{ rule: 'client-cert-not-requested', path: `${s.address} (the registry)`, problem: 'never asks for a client certificate, so any Docker daemon can push (registry 2.8 silently ignores REGISTRY_HTTP_TLS_CLIENTCAS_0)', fix: 'list the CA under http.tls.clientcas in the registry\'s config.yml (or, with registry 2.8, -e REGISTRY_HTTP_TLS_CLIENTCAS=\'[/certs/ca.crt]\') and recreate the registry' }];
};

export const noClientCert: Rule = (f) => {
  const s = f.facts.server;
  if (!s?.clientAuth || withExt(f, '.cert').length > 0 || withExt(f, '.crt').some((x) => isClientCertAsCrt(f, x))) return [];
  return [{ rule: 'no-client-cert', path: f.dir, problem: `${s.address} asks for a client certificate and this folder has none: Docker's push is refused ("remote error: tls: bad certificate")`, fix: `sudo cp client.crt ${sh(path(f, 'client.cert'))} && sudo cp client.key ${sh(path(f, 'client.key'))} && sudo chmod 0400 ${sh(path(f, 'client.key'))}` }];
};

/** In the order a student would fix them: names first, then pairs, then what the registry says. */
export const RULES: readonly Rule[] = [
  folderWith443,
  unreadableCert,
  clientCertAsCrt,
  certWithoutKey,
  keyWithoutCert,
  keyMismatch,
  keyMode,
  expired,
  caNotSigner,
  sanMismatch,
  noClientCert,
  clientCaNotAccepted,
  clientCertNotRequested,
];

export interface Diagnosis {
  findings: Finding[];
  /** What could not be checked, and why. */
  notes: string[];
}

export function diagnose(facts: CertsDirFacts, rules: readonly Rule[] = RULES): Diagnosis {
  const findings: Finding[] = [];
  const notes: string[] = [];
  if (!facts.exists) notes.push(`${facts.root} does not exist: Docker uses the system's CAs only`);
  for (const folder of facts.folders) {
    const f: Folder = { facts: folder, dir: `${facts.root}/${folder.name}`, root: facts.root };
    for (const rule of rules) findings.push(...rule(f).map((p) => ({ ...p, folder: folder.name })));
    const s = folder.server;
    if (s && !s.reachable) notes.push(`${f.dir}: ${folder.name} did not answer (${s.error ?? 'no answer'}): its certificate was not checked`);
  }
  return { findings, notes };
}
