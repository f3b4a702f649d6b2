import type { RoomSnapshot } from './room.js';

/**
 * The trainer's live view of the room: one page, no build step. The server embeds the latest
 * snapshot; the page draws it, then redraws at every server-sent event (/events). One row per
 * student, one column per stage: ✓ done, ✗ the stage they are on (the failing check's text on
 * hover), then the time on that stage.
 */
export function renderRoomPage(snapshot: RoomSnapshot): string {
  const data = JSON.stringify(snapshot).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>lab — classe ${snapshot.class.replace(/[<&"]/g, '')}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem}
table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:.25rem .5rem;text-align:center}
th.stage{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;max-height:12rem}
td.student{text-align:left;font-weight:600}td.done{background:#d9f2d9;color:#176617}
td.current{background:#fde2e2;color:#a11;cursor:help}td.error{background:#eee;color:#666;text-align:left}
#meta{color:#666;margin:.5rem 0}
</style></head>
<body>
<h1>Classe <span id="class"></span> — <span id="scenario"></span></h1>
<div id="meta"></div>
<table id="room"><thead></thead><tbody></tbody></table>
<script id="snapshot" type="application/json">${data}</script>
<script>
const el = (tag, attrs = {}, text = '') => { const e = document.createElement(tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); e.textContent = text; return e; };
function ago(since, now) {
  if (!since) return '';
  const s = Math.max(0, Math.round((now - new Date(since)) / 1000));
  return s < 60 ? s + ' s' : s < 3600 ? Math.floor(s / 60) + ' min' : Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}
function draw(r) {
  document.getElementById('class').textContent = r.class;
  document.getElementById('scenario').textContent = r.scenario;
  document.getElementById('meta').textContent = r.students.length + ' étudiants · mis à jour ' + new Date(r.at).toLocaleTimeString();
  const head = el('tr');
  head.append(el('th', {}, 'étudiant'));
  for (const st of r.stages) head.append(el('th', { class: 'stage', title: st.title, 'data-stage': st.id }, st.id));
  head.append(el('th', {}, 'depuis'));
  document.querySelector('#room thead').replaceChildren(head);
  const now = Date.now();
  const rows = r.students.map((s) => {
    const tr = el('tr', { 'data-student': s.student, 'data-lab': s.lab });
    tr.append(el('td', { class: 'student', title: s.lab + ' — ' + s.nodes.map((n) => n.name + ' ' + n.state + ' ' + n.ip).join(', ') }, s.student));
    if (s.error) {
      tr.append(el('td', { class: 'error', colspan: String(r.stages.length + 1) }, '✗ ' + s.error));
      return tr;
    }
    for (const st of r.stages) {
      if (s.done.includes(st.id)) tr.append(el('td', { class: 'done', 'data-stage': st.id }, '✓'));
      else if (s.stage === st.id) tr.append(el('td', { class: 'current', 'data-stage': st.id, title: (s.failing || []).map((f) => f.check + ': ' + f.found).join('\\n') }, '✗'));
      else tr.append(el('td', { 'data-stage': st.id }, ''));
    }
    tr.append(el('td', { class: 'since' }, s.stage === null ? 'terminé' : ago(s.since, now)));
    return tr;
  });
  document.querySelector('#room tbody').replaceChildren(...rows);
}
draw(JSON.parse(document.getElementById('snapshot').textContent));
const events = new EventSource('events');
events.onmessage = (m) => draw(JSON.parse(m.data));
</script>
</body></html>
`;
}
