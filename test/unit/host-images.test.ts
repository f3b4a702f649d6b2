import { cpSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { inputsKey } from '../../src/nodes/host-images.js';
import { projectRoot } from '../../src/paths.js';

/** The key under which `lab up` remembers the host images: it must change with anything the recipes read. */
describe('host images: what the recipes read', () => {
  const root = mkdtempSync(join(tmpdir(), 'lab-host-images-'));
  cpSync(join(projectRoot, 'images'), join(root, 'images'), { recursive: true });
  const pull = process.env.LAB_PULL;
  afterEach(() => {
    if (pull === undefined) delete process.env.LAB_PULL;
    else process.env.LAB_PULL = pull;
  });

  it('is the same twice when nothing changed, and differs per provider', () => {
    expect(inputsKey('docker', root)).toBe(inputsKey('docker', root));
    expect(inputsKey('virtualbox', root)).not.toBe(inputsKey('docker', root));
  });

  it('changes when a recipe is edited (same size, newer time)', () => {
    const before = inputsKey('docker', root);
    utimesSync(join(root, 'images/node/bake.sh'), new Date(), new Date(Date.now() + 5_000));
    expect(inputsKey('docker', root)).not.toBe(before);
  });

  it('changes when a file is added under images/', () => {
    const before = inputsKey('docker', root);
    writeFileSync(join(root, 'images/workshop/payload/extra.txt'), 'x');
    expect(inputsKey('docker', root)).not.toBe(before);
  });

  it('changes with LAB_PULL (the real images instead of the stand-ins)', () => {
    const before = inputsKey('docker', root);
    process.env.LAB_PULL = '1';
    expect(inputsKey('docker', root)).not.toBe(before);
  });
});
