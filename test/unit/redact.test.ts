import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redact } from '../../src/report/redact.js';

const fixture = (f: string) => readFileSync(join(import.meta.dirname, '../fixtures/secrets', f), 'utf8');

describe('redaction: every private-key form recognisable in text', () => {
  it.each(['ec.key.b64', 'ec.der.b64', 'rsa-pkcs1.der.b64'])('%s (base64) is redacted', (f) => {
    const text = `$ base64 -w0 key\n${fixture(f)}\n`;
    const out = redact(text);
    expect(out).not.toContain(fixture(f).slice(0, 60));
    expect(out).toContain('[PRIVATE KEY (base64) redacted]');
  });

  it('PEM keys are redacted, certificates (PEM, base64 or DER) stay visible', () => {
    expect(redact(fixture('ec.key'))).toBe('[PRIVATE KEY redacted]\n');
    for (const f of ['ec.crt', 'ec.crt.b64', 'ec.crt.der.b64']) expect(redact(fixture(f))).toBe(fixture(f));
  });

  it('openssl pkey -text: the private numbers go, the modulus and public exponent stay', () => {
    const text = fixture('rsa.pkey-text.txt');
    const out = redact(text);
    for (const label of ['privateExponent', 'prime1', 'prime2', 'exponent1', 'exponent2', 'coefficient']) expect(out).toContain(`${label}: [redacted]`);
    const privateLine = text.split('privateExponent:\n')[1]!.split('\n')[0]!.trim();
    expect(out).not.toContain(privateLine);
    expect(out).toContain('publicExponent: 65537 (0x10001)');
    expect(out).toContain(text.split('modulus:\n')[1]!.split('\n')[0]!);
  });
});

describe('redaction: passwords and declared secrets', () => {
  it.each([
    ['docker login -u alice -p s3cr3t registry.mydom.com', 'docker login -u alice -p [password redacted] registry.mydom.com'],
    ['docker login --password=s3cr3t registry.mydom.com', 'docker login --password=[password redacted] registry.mydom.com'],
    ["curl -u alice:s3cr3t --cacert ca.crt https://registry.mydom.com/v2/", "curl -u alice:[password redacted] --cacert ca.crt https://registry.mydom.com/v2/"],
    ['htpasswd -Bbn alice s3cr3t > auth/htpasswd', 'htpasswd -Bbn alice [password redacted] > auth/htpasswd'],
    ['{"auths":{"registry.mydom.com":{"auth":"YWxpY2U6czNjcjN0"}}}', '{"auths":{"registry.mydom.com":{"auth":"[redacted]"}}}'],
  ])('%s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it("a scenario's secrets: are replaced wherever they appear", () => {
    expect(redact('echo "hunter2" | docker login --password-stdin -u alice\nLogin Succeeded (hunter2)', ['hunter2'])).toBe('echo "[secret redacted]" | docker login --password-stdin -u alice\nLogin Succeeded ([secret redacted])');
  });
});
