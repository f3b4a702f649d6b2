#!/usr/bin/env node
// Entry point installed as `lab` (npx lab …). The TypeScript is compiled to dist/ by `npm ci` (prepare).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
