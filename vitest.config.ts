import { defineConfig } from 'vitest/config';

// Tests share the real PostgreSQL, Mosquitto and Redis of the machine: files run one after another.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
    reporters: ['default'],
  },
});
