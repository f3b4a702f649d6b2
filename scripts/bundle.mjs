// Bundles the compiled CLI (dist/cli/main.js) into bundle/: one file per command's code path
// instead of hundreds of small modules. Node 20 has no compile cache, and resolving and reading
// each module of execa, zod and yaml cost more than running them: `lab status` 0.34 s from
// dist/, 0.19 s bundled. Each command stays a chunk of its own (dynamic import), loaded when it
// runs. ssh2 stays in node_modules: it loads a native addon when one is built.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('bundle', { recursive: true, force: true }); // no chunk of an earlier build left behind
await build({
  entryPoints: { main: 'dist/cli/main.js' },
  outdir: 'bundle', // one level below the package root, as dist/ is: src/paths.ts relies on it
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['ssh2'],
  // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __labRequire } from 'node:module'; const require = __labRequire(import.meta.url);" },
  logLevel: 'warning',
});
