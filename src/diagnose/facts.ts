/**
 * What `lab diagnose` knows about a certs.d tree: file names, modes, and what openssl said about
 * each certificate, key and registry. Gathered on a node (gather.ts), judged by pure rules (rules.ts).
 */
export interface CertFacts {
  subject: string;
  issuer: string;
  /** As openssl prints it: "Nov 25 09:55:07 2027 GMT". */
  notAfter: string;
  expired: boolean;
  isCa: boolean;
  /** "DNS:registry.mydom.com", "IP Address:192.168.56.101", … */
  san: string[];
  /** "TLS Web Server Authentication", "TLS Web Client Authentication", … */
  eku: string[];
  /** SHA-256 of the DER public key: equal for a certificate and its private key. */
  pubkey: string;
  /** Set when the file is not a certificate openssl can read. */
  error?: string;
}

export interface KeyFacts {
  pubkey?: string;
  error?: string;
}

export interface FileFacts {
  name: string;
  /** Permission bits, e.g. 0o400. */
  mode: number;
  regular: boolean;
  cert?: CertFacts;
  key?: KeyFacts;
}

export interface ServerFacts {
  /** host:port the folder names. */
  address: string;
  reachable: boolean;
  error?: string;
  cert?: CertFacts;
  /** The folder's *.crt files that verify the certificate the registry presents (dates aside). */
  signedBy: string[];
  /** The registry asks for a client certificate. */
  clientAuth: boolean;
  /** The CAs it accepts client certificates from (RFC 2253 names), when it says. */
  clientCas: string[];
}

export interface FolderFacts {
  name: string;
  files: FileFacts[];
  /** Absent when the registry was not probed. */
  server?: ServerFacts;
}

export interface CertsDirFacts {
  root: string;
  exists: boolean;
  folders: FolderFacts[];
}

/** One problem and the command or change that fixes it. */
export interface Problem {
  rule: string;
  path: string;
  problem: string;
  fix: string;
}

/** A problem, with the certs.d folder it was found in. */
export interface Finding extends Problem {
  folder: string;
}

export const DEFAULT_CERTS_ROOT = '/etc/docker/certs.d';
