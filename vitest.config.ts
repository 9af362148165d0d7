import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Load tests share two cores; running files in parallel would make them measure each other.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    // A machine-readable tally for CI (scripts/test-tally.mjs prints the closing line).
    outputFile: { json: '.loadgate/vitest-results.json' },
    // Its schema JSON is imported without an import attribute, which plain Node ESM refuses.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
