const PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;

/** Private key material never reaches a report, a transcript or the terminal. */
export function redact(text: string): string {
  return text.replace(PRIVATE_KEY, (_m, kind: string) => `[${kind}PRIVATE KEY redacted]`);
}
