import { describe, expect, it } from 'vitest';
import plugin, { lossSpikeAlarm, maxTwo } from './index.js';

describe('the default export', () => {
  it('is an AttnPlugin named example with the max-two task, the alarm’s hooks and the focus view', () => {
    expect(Object.keys(plugin).sort()).toEqual(['hooks', 'name', 'tasks', 'views']);
    expect(plugin.name).toBe('example');
    expect(plugin.tasks?.map((t) => t.name)).toEqual(['max-two']);
    expect(plugin.views?.map((v) => [v.name, v.title])).toEqual([['focus', 'attention on the larger number']]);
    expect(plugin.hooks?.map((h) => h.name)).toEqual(['loss-spike-alarm']);
    expect(Object.keys(plugin.hooks![0]).filter((k) => k.startsWith('on')).sort()).toEqual(['onStepEnd', 'onTrainEnd', 'onTrainStart']);
    expect(typeof maxTwo).toBe('function');
    expect(typeof lossSpikeAlarm).toBe('function');
  });
});
