import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Frames must be deterministic: no colour, and Ink must not switch to its CI mode inside
    // component tests (real-terminal tests remove CI from the spawned kiosk's env themselves).
    env: { FORCE_COLOR: '0', NO_COLOR: '1' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
