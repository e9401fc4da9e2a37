import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hooksOf, loadPlugin, taskRegistry } from './plugins.js';

const tmp = mkdtempSync(join(tmpdir(), 'attn-plugins-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
/** A plugin module with this source as its body. */
function moduleOf(source: string): string {
  const file = join(tmp, `plugin-${n++}.mjs`);
  writeFileSync(file, source);
  return file;
}

describe('loadPlugin', () => {
  it('loadPlugin takes an AttnPlugin from the default export; hooksOf lists its trainer hooks and taskRegistry its tasks', async () => {
    const file = moduleOf(`
      const task = { name: 'mine', sample() {} };
      export default { name: 'p', hooks: [{ name: 'a', onStepEnd() {} }, { name: 'b' }], tasks: [task], views: [] };`);
    const plugin = await loadPlugin(file);
    expect(hooksOf([plugin]).map((h) => h.name)).toEqual(['a', 'b']);
    expect(taskRegistry([plugin]).get('mine')?.source).toBe('plugin p');
  });

  it('loadPlugin refuses hooks on the plugin itself (the old shape), saying where they go', async () => {
    const file = moduleOf(`export default { name: 'old', onStepEnd() {}, onTrainEnd() {} };`);
    await expect(loadPlugin(file)).rejects.toThrow(`--plugin: '${file}': trainer hooks go in 'hooks: [{ name, onStepEnd, onTrainEnd }]', not on the plugin itself`);
  });

  it('loadPlugin refuses parts that are not arrays and hooks without a name', async () => {
    const notArray = moduleOf(`export default { name: 'x', views: {} };`);
    await expect(loadPlugin(notArray)).rejects.toThrow(`--plugin: '${notArray}': 'views' must be an array`);
    const nameless = moduleOf(`export const plugin = { name: 'x', hooks: [{ onStepEnd() {} }] };`);
    await expect(loadPlugin(nameless)).rejects.toThrow(`--plugin: '${nameless}': every hook must be a trainer plugin { name, on…() }`);
  });
});
