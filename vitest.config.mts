import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // a fixed "today" for rotatedAt checks, so the suite gives the same answers on any day
    env: { COREWEAVE_RBAC_NOW: '2026-11-23' },
    testTimeout: 60_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/cluster/**'] } },
      {
        extends: true,
        test: {
          // against one real control plane (etcd, kube-apiserver, kube-controller-manager) that the global setup
          // starts: after the unit tests, one file at a time, since files share the cluster-scoped objects
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          globalSetup: ['test/cluster/global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
