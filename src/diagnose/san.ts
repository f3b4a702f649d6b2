/**
 * Does a certificate's subjectAltName cover the name a client connects to? Go (and so Docker)
 * ignores the CN: without a matching SAN entry the name is not covered.
 */
export function sanCovers(san: readonly string[], host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (isIp(h)) return san.some((e) => e === `IP Address:${h}`);
  return san.some((e) => e.startsWith('DNS:') && dnsMatches(e.slice(4).toLowerCase(), h));
}

export function isIp(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':');
}

/** RFC 6125: a wildcard stands for exactly one left-most label. */
function dnsMatches(pattern: string, host: string): boolean {
  if (!pattern.startsWith('*.')) return pattern === host;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === pattern.slice(2);
}

/** host and port of a certs.d folder name: "registry.mydom.com:5000", "registry.mydom.com" (443). */
export function folderAddress(name: string): { host: string; port: number } {
  const m = /^(.*):(\d+)$/.exec(name);
  return m ? { host: m[1]!, port: Number(m[2]) } : { host: name, port: 443 };
}
