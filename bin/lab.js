#!/usr/bin/env node
// Entry point installed as `lab` (npx lab …). `npm ci` (prepare) compiles the TypeScript to dist/ and
// bundles it into bundle/ (scripts/bundle.mjs).
import { main } from '../bundle/main.js';

process.exitCode = await main(process.argv);
