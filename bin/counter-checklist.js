#!/usr/bin/env node
// The launcher: production React, then the CLI. The commands that draw run from the full bundle;
// every other command runs from the light bundle, which never loads Ink (scripts/bundle.js).
process.env.NODE_ENV = 'production';
const LIGHT = new Set(['report', 'verify', 'collect', 'checklists', 'config', 'seal', 'readers', '--version', '-v', '--help', '-h']);
const first = process.argv[2];
// The commands that read logs relay their worker threads' results: V8 would grow the main
// thread's young generation to 32 MB for them, and keep it. Set before anything grows it; the
// reasons, and why each worker sets it again, are in src/parallel/heap.ts.
if (first === 'report' || first === 'verify' || first === 'collect') (await import('node:v8')).setFlagsFromString('--semi-space-growth-factor=1');
const entry = first !== undefined && LIGHT.has(first) ? '../dist/light/cli.js' : '../dist/bundle/cli.js';
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
