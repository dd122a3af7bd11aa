// The commands that draw (kiosk, review) run from one esbuild bundle: loading Ink, React, yoga and
// zod as separate modules costs ~0.4 s more at start than the bundle does (DESIGN §5 budget).
// Non-drawing commands keep running from the plain tsc output, which never loads Ink.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/bundle/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
  // Ink imports react-devtools-core only when DEV=true; conf is loaded only by `config set`.
  alias: { 'react-devtools-core': './scripts/devtools-stub.js' },
  external: ['conf'],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
