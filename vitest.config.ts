import { defineConfig } from 'vitest/config';

// Tests share the real PostgreSQL, Mosquitto and Redis of the machine: files run one after another, and the
// projects one after another (groupOrder). `pgCentre` (tests/helpers/centre.ts) starts on the project's kind:
// - timescaledb: every integration test, on the PostgreSQL server with the TimescaleDB extension (production);
// - postgres: the core (ingest, appeals, SLA, live push) again on the same server with TIMESCALEDB=off, the
//   plain-PostgreSQL fallback: the paths that differ between the two are the tables, views and aggregates;
// - pglite: the embedded build's own tests, the browser tests, and the same core on PGlite with Mosquitto.
// One project alone: `npx vitest run --project postgres tests/integration/sla.test.ts`.
const core = ['tests/integration/ingest-postgres.test.ts', 'tests/integration/appeals.test.ts', 'tests/integration/sla.test.ts', 'tests/integration/live-socket.test.ts', 'tests/integration/triage.test.ts', 'tests/integration/crews-osmand.test.ts', 'tests/integration/alarms.test.ts'];
// files that pick their database themselves (run once, in the project named)
const embeddedOnly = ['tests/integration/embedded.test.ts', 'tests/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      {
        extends: true,
        test: { name: 'timescaledb', include: ['tests/integration/**/*.test.ts'], exclude: embeddedOnly, env: { TEST_DB_KIND: 'timescaledb' }, sequence: { groupOrder: 1 } },
      },
      { extends: true, test: { name: 'postgres', include: core, env: { TEST_DB_KIND: 'postgres' }, sequence: { groupOrder: 2 } } },
      { extends: true, test: { name: 'pglite', include: [...core, ...embeddedOnly], env: { TEST_DB_KIND: 'pglite' }, sequence: { groupOrder: 3 } } },
    ],
  },
});
