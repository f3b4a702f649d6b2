import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository (or installed package) root: src/, dist/ and bundle/ all sit one level below it. */
export const projectRoot = fileURLToPath(new URL('../', import.meta.url));

/** Host-wide cache shared by every checkout: node image rootfs, workshop image tarball, SSH key. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.LAB_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'lab');
}
