#!/usr/bin/env node
// The launcher: production React, then the CLI. The commands that draw run from the bundle (fast
// first frame); every other command runs from the plain compiled tree and never loads Ink.
process.env.NODE_ENV = 'production';
const LIGHT = new Set(['report', 'verify', 'checklists', 'config', '--version', '-v', '--help', '-h']);
const first = process.argv[2];
const entry = first !== undefined && LIGHT.has(first) ? '../dist/cli.js' : '../dist/bundle/cli.js';
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
