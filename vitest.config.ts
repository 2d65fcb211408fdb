import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'integrations/*/test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Polls wait for a busy 2-core CI machine (a browser, a server and its child processes at once).
    expect: { poll: { timeout: 15_000 } },
  },
});
