import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'consumer', include: ['*.test.ts'], testTimeout: 120_000, hookTimeout: 600_000 },
});
