import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'plot', include: ['src/**/*.test.ts'], testTimeout: 60_000 },
});
