import { describe, expect, it } from 'vitest';
import { capabilityFinding, knownBreakages, vboxRangeFinding } from '../../src/nodes/doctor.js';

describe('lab doctor rules', () => {
  it('knows the Vagrant ≥ 2.4 + Docker ≥ 29 ssh_info regression', () => {
    expect(knownBreakages('Vagrant 2.4.1', '29.0.1')[0]!.what).toContain('13755');
    expect(knownBreakages('Vagrant 2.3.4', '29.0.1')).toEqual([]);
    expect(knownBreakages('Vagrant 2.4.1', '20.10.24+dfsg1')).toEqual([]);
  });

  it('reads the capability bounding set: this sandbox lacks SYS_RESOURCE only', () => {
    expect(capabilityFinding('CapBnd:\t000001fffeffffff\n')).toMatchObject({ ok: true, what: expect.stringContaining('SYS_RESOURCE missing') });
    expect(capabilityFinding('CapBnd:\t000001ffffffffff\n').what).toBe('capabilities: full set');
    expect(capabilityFinding('CapBnd:\t00000000a80425fb\n').ok).toBe(false);
  });

  it("checks VirtualBox's host-only range", () => {
    expect(vboxRangeFinding('192.168.56').ok).toBe(true);
    expect(vboxRangeFinding('192.168.63').ok).toBe(true);
    const seed = vboxRangeFinding('192.168.99');
    expect(seed.ok).toBe(false);
    expect(seed.what).toContain('not within the allowed ranges');
    expect(vboxRangeFinding('192.168.99', '* 192.168.99.0/24\n').ok).toBe(true);
  });
});
