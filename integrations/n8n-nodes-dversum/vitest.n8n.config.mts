// `npm run test:n8n`: the package in a real n8n (test-n8n/), kept out of `npm test` (installs ~2.3 GB once).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['test-n8n/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 1_800_000,
  },
});
