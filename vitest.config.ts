import { defineConfig } from 'vitest/config';

/**
 * Tests that run the built bin (`npm run build` first): real terminals, child processes, the
 * archive through the CLI. Everything else — the pure core, property tests, component tests, the
 * fault campaign on an in-memory disk — is `npm run test:unit`, which needs no build.
 */
const BUILT = [
  'test/archive-cli.test.ts',
  'test/archive.test.ts',
  'test/checklist-corpus.test.ts',
  'test/cli-args.test.ts',
  'test/config-files.test.ts',
  'test/config-pin.test.ts',
  'test/kiosk-e2e.test.ts',
  'test/kiosk-faults.test.ts',
  'test/kiosk-flows.test.ts',
  'test/kiosk-paste.test.ts',
  'test/kiosk-reader.test.ts',
  'test/kiosk-sizes.test.ts',
  'test/kiosk-signals.test.ts',
  'test/lock.test.ts',
  'test/report-html.test.ts',
  'test/log-reader.test.ts',
  'test/no-ink.test.ts',
  'test/readers-cli.test.ts',
  'test/report-gen.test.ts',
  'test/report-kiosk.test.ts',
  'test/report.test.ts',
  'test/review-e2e.test.ts',
  'test/seal-cli.test.ts',
  'test/terminal-harness.test.ts',
  'test/verify.test.ts',
];

export default defineConfig({
  test: {
    // Frames must be deterministic: no colour, and Ink must not switch to its CI mode inside
    // component tests (real-terminal tests remove CI from the spawned kiosk's env themselves).
    env: { FORCE_COLOR: '0', NO_COLOR: '1' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two test files at a time. Vitest's default is one fewer than the cores: one on these 2-core
    // machines, which ran the suite one file after the other (8-9 minutes, near the 10-minute
    // limit). Most real-terminal tests wait on a child process, so two at once took it to about
    // five, with the same waits (polling, never timing assertions).
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: BUILT } },
      { extends: true, test: { name: 'built', include: BUILT } },
    ],
  },
});
