// Two esbuild bundles of the CLI, because loading many small modules (Ink, React, yoga, zod and our
// own) costs far more at start than one file does (the start-up budgets in docs/architecture.md):
// - dist/bundle/cli.js: everything, for the commands that draw (kiosk, review);
// - dist/light/cli.js: every other command. Ink and React stay external there, and the drawing
//   commands' entry modules are left out, so the supervisor path cannot load them (and a test
//   watching module loads would see it if it ever did).
import path from 'node:path';
import { build } from 'esbuild';

// zod's main module re-exports its error messages in some fifty languages (`z.locales`), and a
// bundle keeps them all: 270 KB of the light bundle's 800, 10 ms of every start (of 60 to load it).
// zod uses only the English ones, which it configures itself (this program turns issues into its
// own words from its catalogs, and quotes zod's English at most as a detail): the index is cut down
// to those.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: path.dirname(args.path),
    }));
  },
};

const common = {
  entryPoints: ['src/cli.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  logLevel: 'warning',
  plugins: [zodEnglishOnly],
  // Bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};

await build({
  ...common,
  outfile: 'dist/bundle/cli.js',
  // Ink imports react-devtools-core only when DEV=true; conf is loaded only by `config set`;
  // ECharts and BudouX only by `report --format html` (bundled, they would weigh on every start);
  // the PC/SC binding is a native addon, loaded at run time when it is there.
  alias: { 'react-devtools-core': './scripts/devtools-stub.js' },
  external: ['conf', 'better-sqlite3', 'echarts', 'budoux', '@pokusew/pcsclite'],
});

await build({
  ...common,
  outfile: 'dist/light/cli.js',
  external: ['conf', 'better-sqlite3', 'echarts', 'budoux', '@pokusew/pcsclite', 'ink', 'ink-*', 'react', 'react/*', 'react-reconciler', 'yoga-layout', './kiosk/run.js', './review/run.js'],
});

// The worker threads of report, verify and collect (src/parallel/worker.ts), next to the light
// bundle that starts them.
await build({
  ...common,
  entryPoints: ['src/parallel/worker.ts'],
  outfile: 'dist/light/worker.js',
  external: ['better-sqlite3'],
});
