import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'heads', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000 },
});
