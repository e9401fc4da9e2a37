import { defineProject } from 'vitest/config';

export default defineProject({
  // Training to the target takes a few seconds; the end-to-end test runs the built CLI.
  test: { name: 'plugin-example', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
