import { existsSync, readFileSync, statfsSync } from 'node:fs';
import { execa } from 'execa';
import { cacheDir } from '../paths.js';
import { INOTIFY_FIX, inotifyUse, nodesThatFit } from './host-limits.js';
import { labCommand, type Lab } from './lab/record.js';
import type { NodeHealth } from './node-health.js';

/** One finding of `lab doctor`: what is wrong and the command or change that fixes it. */
export interface Finding {
  ok: boolean;
  what: string;
  fix?: string;
}

async function version(cmd: string, args: string[]): Promise<string | undefined> {
  const r = await execa(cmd, args, { reject: false });
  return r.exitCode === 0 ? String(r.stdout).trim() : undefined;
}

const semver = (s: string | undefined) => /(\d+)\.(\d+)\.(\d+)/.exec(s ?? '')?.slice(1, 4).map(Number);

/** Version pairs known to break the docker provider (upstream Vagrant issue 13755). */
export function knownBreakages(vagrantVersion?: string, dockerServer?: string): Finding[] {
  const v = semver(vagrantVersion);
  const d = semver(dockerServer);
  if (v && d && (v[0]! > 2 || (v[0] === 2 && v[1]! >= 4)) && d[0]! >= 29) {
    return [{ ok: false, what: `Vagrant ${v.join('.')} with Docker ${d.join('.')}: ssh_info regression of the docker provider (Vagrant issue 13755)`, fix: "use Debian's vagrant 2.3.4 and docker.io 20.10: apt-get install --no-install-recommends vagrant docker.io" }];
  }
  return [];
}

/** Capability bit 24 (SYS_RESOURCE) missing makes `docker run --privileged` fail; lab passes explicit caps. */
export function capabilityFinding(status: string): Finding {
  const m = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status);
  if (!m) return { ok: true, what: 'capability set unknown (no /proc/self/status)' };
  const caps = BigInt(`0x${m[1]}`);
  const has = (bit: number) => (caps >> BigInt(bit)) & 1n;
  if (!has(21)) return { ok: false, what: 'CAP_SYS_ADMIN is missing: systemd nodes cannot run in containers here', fix: 'run lab on a host (or VM) with CAP_SYS_ADMIN, or use LAB_PROVIDER=virtualbox' };
  return { ok: true, what: has(24) ? 'capabilities: full set' : 'capabilities: SYS_RESOURCE missing (--privileged would fail; lab adds the other capabilities one by one)' };
}

/** VirtualBox ≥ 6.1.28 only allows host-only IPs in 192.168.56.0/21 unless /etc/vbox/networks.conf says otherwise. */
export function vboxRangeFinding(subnet: string, networksConf?: string): Finding {
  const [a, b, c] = subnet.split('.').map(Number);
  const inDefault = a === 192 && b === 168 && c! >= 56 && c! <= 63;
  const allowed = networksConf?.split('\n').some((l) => /^\s*\*/.test(l) && l.includes(`${a}.${b}.${c}.`)) ?? false;
  if (inDefault || allowed) return { ok: true, what: `host-only range: ${subnet}.0/24 is allowed by VirtualBox` };
  return { ok: false, what: `host-only range: ${subnet}.0/24 is outside VirtualBox's allowed 192.168.56.0/21 ("The IP address configured for the host-only network is not within the allowed ranges")`, fix: `use LAB_SUBNET=192.168.56 (or any 192.168.56-63), or add "* ${subnet}.0/24" to /etc/vbox/networks.conf` };
}

/** What the docker provider needs from the host. */
export async function dockerHostFindings(): Promise<Finding[]> {
  const findings: Finding[] = [];
  const client = await version('docker', ['--version']);
  const server = await version('docker', ['version', '--format', '{{.Server.Version}}']);
  if (!client) findings.push({ ok: false, what: 'docker is not installed', fix: 'apt-get install --no-install-recommends docker.io' });
  else if (!server) findings.push({ ok: false, what: 'the Docker engine is not running', fix: 'dockerd >/var/log/lab-dockerd.log 2>&1 &   (or: systemctl start docker)' });
  else findings.push({ ok: true, what: `Docker engine ${server}` });
  findings.push(...knownBreakages(await version('vagrant', ['--version']), server));
  const deboot = existsSync('/usr/sbin/debootstrap');
  findings.push(deboot ? { ok: true, what: 'debootstrap present (offline node image)' } : { ok: false, what: 'debootstrap is missing: the node image cannot be built offline', fix: 'apt-get install --no-install-recommends debootstrap' });
  findings.push(capabilityFinding(existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : ''));
  const inotify = inotifyUse();
  if (inotify) {
    const fit = nodesThatFit(inotify);
    findings.push(
      fit >= 8
        ? { ok: true, what: `inotify: ${inotify.inUse} of ${inotify.limit} instances in use, room for about ${fit} more nodes (${Math.floor(fit / 2)} labs)` }
        : { ok: false, what: `inotify: ${inotify.inUse} of ${inotify.limit} instances in use, room for only ${fit} more nodes: a node's systemd then cannot start (its container exits with 255)`, fix: INOTIFY_FIX },
    );
  }
  findings.push(existsSync('/sys/fs/cgroup') ? { ok: true, what: 'cgroup filesystem mounted' } : { ok: false, what: '/sys/fs/cgroup is missing: systemd nodes cannot start', fix: 'mount the cgroup filesystem (or use a VM)' });
  return findings;
}

/** What the virtualbox provider needs from the host. */
export async function vboxHostFindings(subnet: string): Promise<Finding[]> {
  const vbox = await version('VBoxManage', ['--version']);
  return [
    vboxRangeFinding(subnet, existsSync('/etc/vbox/networks.conf') ? readFileSync('/etc/vbox/networks.conf', 'utf8') : undefined),
    vbox ? { ok: true, what: `VirtualBox ${vbox}` } : { ok: false, what: 'VirtualBox is not installed', fix: 'install VirtualBox, or use LAB_PROVIDER=docker on Linux' },
  ];
}

/** What every provider needs: Vagrant, the OpenSSH client, disk for the cache. */
export async function commonHostFindings(): Promise<Finding[]> {
  const findings: Finding[] = [];
  const vagrantVersion = await version('vagrant', ['--version']);
  findings.push(vagrantVersion ? { ok: true, what: vagrantVersion } : { ok: false, what: 'vagrant is not installed', fix: 'apt-get install --no-install-recommends vagrant' });
  const ssh = await execa('ssh', ['-V'], { reject: false }); // prints its version on stderr
  findings.push(ssh.exitCode === 0 ? { ok: true, what: String(ssh.stderr).trim() } : { ok: false, what: 'the OpenSSH client is missing (lab ssh, image loading)', fix: 'apt-get install openssh-client' });
  try {
    const fs = statfsSync(existsSync(cacheDir()) ? cacheDir() : '/');
    const freeGiB = (fs.bavail * fs.bsize) / 2 ** 30;
    findings.push(freeGiB >= 2 ? { ok: true, what: `${freeGiB.toFixed(0)} GiB free for the cache` } : { ok: false, what: `only ${freeGiB.toFixed(1)} GiB free: the node image needs about 1 GiB`, fix: 'free some disk, or point LAB_CACHE at a bigger disk' });
  } catch {
    /* statfs unavailable: nothing to say */
  }
  return findings;
}

/** A lab that is up: each node running, and answering over SSH. */
export function nodeFindings(lab: Lab, nodes: NodeHealth[]): Finding[] {
  const up = labCommand(lab, 'up');
  return nodes.map((n) =>
    n.state !== 'running'
      ? { ok: false, what: `lab "${lab.id}": ${n.name} is ${n.state}`, fix: up }
      : n.ssh === false
        ? { ok: false, what: `lab "${lab.id}": ${n.name} runs but its SSH does not answer`, fix: `${up} (restarts it)` }
        : { ok: true, what: `lab "${lab.id}": ${n.name} running, SSH answers` },
  );
}
