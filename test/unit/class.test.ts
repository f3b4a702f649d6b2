import { describe, expect, it } from 'vitest';
import { addStudents, numberedStudents, selectStudents, slug, type Roster } from '../../src/nodes/lab/roster.js';
import { renderCardHtml, renderCardMarkdown, type CardData } from '../../src/report/cards.js';
import { elapsed, renderRoomText, type RoomSnapshot } from '../../src/report/room.js';
import { renderRoomPage } from '../../src/report/room-page.js';

const empty: Roster = { name: 'room1', scenario: 'tls-selfsigned', students: [] };

describe('a class roster', () => {
  it('gives each student a lab id from their name, unique, usable in container names', () => {
    const r = addStudents(empty, ['Élodie Durand', 'Jean-Luc', 'élodie durand!', '  ', 'Zoë']);
    expect(r.students).toEqual([
      { name: 'Élodie Durand', lab: 'room1-elodie-durand' },
      { name: 'Jean-Luc', lab: 'room1-jean-luc' },
      { name: 'élodie durand!', lab: 'room1-elodie-durand-2' },
      { name: 'Zoë', lab: 'room1-zoe' },
    ]);
    for (const s of r.students) expect(s.lab).toMatch(/^[a-z0-9][a-z0-9-]{0,39}$/);
  });

  it('running class up again adds only the new students (idempotent)', () => {
    const once = addStudents(empty, numberedStudents(3));
    const twice = addStudents(once, numberedStudents(5));
    expect(twice.students.map((s) => s.lab)).toEqual(['room1-s01', 'room1-s02', 'room1-s03', 'room1-s04', 'room1-s05']);
    expect(addStudents(twice, numberedStudents(2))).toEqual(twice);
  });

  it('--only picks students by name or lab id, and names the unknown ones', () => {
    const r = addStudents(empty, ['ana', 'bob', 'chloé']);
    expect(selectStudents(r, 'bob,room1-chloe').map((s) => s.name)).toEqual(['bob', 'chloé']);
    expect(() => selectStudents(r, 'bob,zed')).toThrow(/not in class "room1": zed/);
  });

  it('slugs keep 20 characters at most and never end on a dash', () => {
    expect(slug('Anne-Marie de la Tour d’Auvergne')).toBe('anne-marie-de-la-tou');
    expect(slug('abcdefghijklmnopqrs tuvwxyz')).toBe('abcdefghijklmnopqrs');
  });
});

const card: CardData = {
  student: 'Élodie',
  lab: 'room1-elodie',
  className: 'room1',
  address: '127.0.0.2',
  nodes: [
    { name: 'node1', ip: '192.168.64.100', port: 2302 },
    { name: 'node2', ip: '192.168.64.101', port: 2303 },
  ],
  key: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
  scenario: { name: 'tls-selfsigned', title: 'Sécuriser un registry avec un certificat auto-signé' },
};

describe('student cards', () => {
  it('say in French and English how to reach node1 and node2, with the key and the scenario', () => {
    const md = renderCardMarkdown(card);
    expect(md).toContain('## Français');
    expect(md).toContain('## English');
    expect(md).toContain('`ssh -i ~/.ssh/room1-elodie -p 2302 vagrant@127.0.0.2`');
    expect(md).toContain('`ssh -i ~/.ssh/room1-elodie -p 2303 vagrant@127.0.0.2`');
    expect(md).toContain('Host room1-elodie-node2\n  HostName 127.0.0.2\n  Port 2303');
    expect(md).toContain(card.key.trim());
    expect(md).toContain('(`tls-selfsigned`)');
  });

  it('the HTML card escapes what it shows', () => {
    const html = renderCardHtml({ ...card, student: '<b>x</b>' });
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).not.toContain('<b>x</b>');
  });
});

const room: RoomSnapshot = {
  class: 'room1',
  scenario: 'tls-selfsigned',
  stages: [
    { id: 'http-registry', title: 'Registry sans TLS' },
    { id: 'insecure-registries', title: 'insecure-registries' },
  ],
  at: '2026-11-26T01:30:00.000Z',
  students: [
    { student: 's01', lab: 'room1-s01', nodes: [{ name: 'node1', state: 'running', ip: '192.168.64.100' }], done: ['http-registry'], stage: 'insecure-registries', since: '2026-11-26T01:26:30.000Z', failing: [{ check: 'node1 pushes over HTTP', found: 'exit 1' }] },
    { student: 's02', lab: 'room1-s02', nodes: [], done: ['http-registry', 'insecure-registries'], stage: null },
    { student: 's03', lab: 'room1-s03', nodes: [{ name: 'node1', state: 'stopped', ip: '192.168.65.100' }], done: [], stage: null, error: 'node1 stopped' },
  ],
};

describe('the room', () => {
  it('as text: one line per student, stage n/N and time on it, done, or why the lab cannot be seen', () => {
    const text = renderRoomText(room, new Date('2026-11-26T01:30:00.000Z'));
    expect(text).toContain('stage 2/2 insecure-registries for 3 min — ✗ node1 pushes over HTTP');
    expect(text).toContain('✓ all 2 stages done');
    expect(text).toContain('✗ node1 stopped');
  });

  it('elapsed time reads as seconds, minutes, then hours', () => {
    const now = new Date('2026-11-26T02:00:00Z');
    expect(elapsed('2026-11-26T01:59:50Z', now)).toBe('10 s');
    expect(elapsed('2026-11-26T01:15:00Z', now)).toBe('45 min');
    expect(elapsed('2026-11-26T00:40:00Z', now)).toBe('1 h 20 min');
  });

  it('the page embeds the snapshot safely (no </script> break-out) and listens to /events', () => {
    const page = renderRoomPage({ ...room, students: [{ ...room.students[0]!, student: '</script><script>alert(1)</script>' }] });
    expect(page).not.toContain('</script><script>alert(1)');
    expect(page).toContain('new EventSource(');
    expect(JSON.parse(/<script id="snapshot" type="application\/json">(.*?)<\/script>/s.exec(page)![1]!).students[0].student).toBe('</script><script>alert(1)</script>');
  });
});

describe('how many nodes a host can start', () => {
  it('each node needs ~8 inotify instances of the host-wide limit (128 by default)', async () => {
    const { nodesThatFit } = await import('../../src/nodes/host-limits.js');
    expect(nodesThatFit({ limit: 128, inUse: 112 })).toBe(2);
    expect(nodesThatFit({ limit: 128, inUse: 130 })).toBe(0);
    expect(nodesThatFit({ limit: 1024, inUse: 154 })).toBe(108);
  });
});
