import type { EngineEvent, StepResult } from '../engine/events.js';
import type { ExecResult } from '../engine/nodes.js';

/**
 * Secrets never reach a report, a transcript, the terminal or an error line: private keys in every
 * form recognisable in text (PEM, PEM or DER as base64, `openssl pkey -text`), passwords given on
 * command lines (`docker login -p`, `curl -u user:pass`, `htpasswd -b`), the `auth` of
 * ~/.docker/config.json, and every value the scenario declares in `secrets:`.
 */
const PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
const BASE64_BLOB = /(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{60,}={0,2}(?![A-Za-z0-9+/=])/g;
const PKEY_TEXT = /^(\s*(?:priv|privateExponent|prime1|prime2|exponent1|exponent2|coefficient):)\n((?:[ \t]+[0-9a-f]{2}(?::[0-9a-f]{2})*:?[ \t]*\n?)+)/gm;
const PASSWORD_FLAGS: [RegExp, string][] = [
  [/(\bdocker\s+login\b[^\n]*?\s(?:-p|--password)[ =])(\S+)/g, '$1[password redacted]'],
  [/(\bcurl\b[^\n]*?\s(?:-u|--user)[ =]?['"]?[^:\s'"]+:)([^\s'"]+)/g, '$1[password redacted]'],
  [/("auth"\s*:\s*")[^"]+(")/g, '$1[redacted]$2'],
];

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(PRIVATE_KEY, (_m, kind: string) => `[${kind}PRIVATE KEY redacted]`);
  out = out.replace(BASE64_BLOB, (blob) => (isPrivateKeyBase64(blob) ? '[PRIVATE KEY (base64) redacted]' : blob));
  out = out.replace(PKEY_TEXT, (_m, label: string) => `${label} [redacted]\n`);
  for (const [pattern, replacement] of PASSWORD_FLAGS) out = out.replace(pattern, replacement);
  // htpasswd -b[n] [FILE] USER PASSWORD: with n there is no file before the user.
  out = out.replace(/(\bhtpasswd\s+-(\w*)\s+)([^\n]*)/g, (m, head: string, flags: string, rest: string) => {
    if (!flags.includes('b')) return m;
    const words = rest.split(/(\s+)/);
    const at = (flags.includes('n') ? 1 : 2) * 2; // words[] alternates word, space
    if (words[at] === undefined) return m;
    words[at] = '[password redacted]';
    return head + words.join('');
  });
  for (const secret of secrets) if (secret) out = out.split(secret).join('[secret redacted]');
  return out;
}

/**
 * A base64 blob that decodes to a PEM private key, or to DER whose outer SEQUENCE starts with
 * INTEGER 0 or 1 (PKCS#1, PKCS#8, SEC1 private keys; certificates and public keys start with a
 * SEQUENCE instead).
 */
function isPrivateKeyBase64(blob: string): boolean {
  const bytes = Buffer.from(blob, 'base64');
  if (bytes.subarray(0, 40).toString('latin1').includes('PRIVATE KEY')) return true;
  if (bytes[0] !== 0x30) return false;
  const lengthBytes = bytes[1]! & 0x80 ? bytes[1]! & 0x7f : 0;
  const i = 2 + lengthBytes;
  return bytes[i] === 0x02 && bytes[i + 1] === 0x01 && (bytes[i + 2] === 0x00 || bytes[i + 2] === 0x01);
}

const redactExec = (e: ExecResult, secrets: readonly string[]): ExecResult => ({
  ...e,
  stdout: redact(e.stdout, secrets),
  stderr: redact(e.stderr, secrets),
  chunks: e.chunks?.map((c) => ({ ...c, text: redact(c.text, secrets) })),
});

function redactResult(r: StepResult, secrets: readonly string[]): StepResult {
  const mismatches = (ms: StepResult['mismatches']) => ms.map((m) => ({ ...m, expected: redact(m.expected, secrets), found: redact(m.found, secrets) }));
  return {
    ...r,
    command: redact(r.command, secrets),
    exec: redactExec(r.exec, secrets),
    mismatches: mismatches(r.mismatches),
    firstAttempt: r.firstAttempt && { exec: redactExec(r.firstAttempt.exec, secrets), mismatches: mismatches(r.firstAttempt.mismatches) },
    failedLines: r.failedLines.map((f) => ({ ...f, command: redact(f.command, secrets) })),
  };
}

/** The event as every reporter may see it: a step's command and output redacted. */
export function redactEvent(e: EngineEvent): EngineEvent {
  return e.type === 'step:end' ? { ...e, result: redactResult(e.result, e.scenario.secrets) } : e;
}
