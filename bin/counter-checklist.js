#!/usr/bin/env node
// The launcher: production React, then the compiled CLI. Heavy modules load only in commands that draw.
process.env.NODE_ENV = 'production';
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
