import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * What limits how many nodes one host runs: every node's systemd, dockerd and containerd hold
 * inotify instances (7–8 measured per node), and all of them count against the host's
 * fs.inotify.max_user_instances (128 by default) for root. Past it, a new node's systemd cannot
 * start: its container exits at once with 255 and prints nothing.
 */
export const INOTIFY_PER_NODE = 8;

export interface InotifyUse {
  limit: number;
  inUse: number;
}

export function inotifyUse(): InotifyUse | undefined {
  let limit: number;
  try {
    limit = Number(readFileSync('/proc/sys/fs/inotify/max_user_instances', 'utf8').trim());
  } catch {
    return undefined;
  }
  let inUse = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === 'anon_inode:inotify') inUse++;
      } catch {
        /* gone meanwhile */
      }
    }
  }
  return { limit, inUse };
}

/** How many more nodes fit before systemd in a new node cannot start. */
export const nodesThatFit = (u: InotifyUse): number => Math.max(0, Math.floor((u.limit - u.inUse) / INOTIFY_PER_NODE));

export const INOTIFY_FIX = 'sysctl -w fs.inotify.max_user_instances=1024 (and put fs.inotify.max_user_instances=1024 in /etc/sysctl.d/60-lab.conf to keep it)';
