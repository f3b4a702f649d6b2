import { isIP } from 'node:net';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';

/**
 * Does a certificate's subjectAltName cover the name a client connects to? Node's own check
 * (RFC 6125 wildcards, IP entries); the certificate's CN is left out on purpose: Go (and so
 * Docker) ignores it, so without a matching SAN entry the name is not covered.
 */
export function sanCovers(san: readonly string[], host: string): boolean {
  const cert = { subject: {}, subjectaltname: san.join(', ') } as unknown as PeerCertificate;
  return checkServerIdentity(host.toLowerCase().replace(/\.$/, ''), cert) === undefined;
}

export const isIp = (host: string): boolean => isIP(host) !== 0;

/** host and port of a certs.d folder name: "registry.mydom.com:5000", "registry.mydom.com" (443). */
export function folderAddress(name: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(name);
  return m ? { host: m[1]!, port: Number(m[2]) } : { host: name, port: 443 };
}
