import { SshNodes } from '../dist/nodes/ssh-transport.js';
import { cachedSshEntries } from '../dist/nodes/ssh-config-cache.js';
import { openLab } from '../dist/nodes/lab/record.js';
import { withFailureReports } from '../dist/engine/script.js';
import { execa } from 'execa';
const lab = openLab(undefined);
const nodes = new SshNodes(cachedSshEntries(lab), lab);
await nodes.exec('node2', 'true');
const cfg = lab.files.sshConfig;
const ctl = ['-o', 'ControlMaster=auto', '-o', 'ControlPath=/tmp/lab-micro-%C', '-o', 'ControlPersist=60'];
await execa('ssh', ['-F', cfg, ...ctl, 'node2', 'true']);
const run = 'docker run -d \\\n  --name mx registry:2';
const N = 8;
const res = { lab: [], labnowrap: [], mux: [] };
for (let i = 0; i < N; i++) {
  let s = performance.now(); await nodes.exec('node2', withFailureReports(run), { timeoutMs: 120000 }); res.lab.push(performance.now() - s);
  await nodes.exec('node2', 'docker rm -f mx');
  s = performance.now(); await nodes.exec('node2', run); res.labnowrap.push(performance.now() - s);
  await nodes.exec('node2', 'docker rm -f mx');
  s = performance.now(); await execa('ssh', ['-F', cfg, ...ctl, 'node2', run], { stdin: 'ignore' }); res.mux.push(performance.now() - s);
  await nodes.exec('node2', 'docker rm -f mx');
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(0);
console.log('docker run -d: lab (wrapped)', med(res.lab), 'lab (bare)', med(res.labnowrap), 'mux', med(res.mux));
nodes.dispose();
