import { defineProject } from 'vitest/config';

export default defineProject({
  // Many tests start the CLI as a process (some train a model first): on a busy 2-core machine
  // that takes longer than vitest's default 5 s. The timeout only guards against hangs.
  test: { name: 'tui', include: ['src/**/*.test.{ts,tsx}'], testTimeout: 30_000 },
});
