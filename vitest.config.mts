import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // a fixed "today" for rotatedAt checks, so the suite gives the same answers on any day
    env: { COREWEAVE_RBAC_NOW: '2026-11-23' },
    testTimeout: 60_000,
    pool: 'forks',
  },
});
