import { describe, expect, it } from 'vitest';
import plugin, { lossSpikeAlarm, maxTwo } from './index.js';

describe('the default export', () => {
  it('is a Plugin named example with the max-two task, the alarm’s hooks and the focus view', () => {
    expect(plugin.name).toBe('example');
    expect(plugin.tasks?.map((t) => t.name)).toEqual(['max-two']);
    expect(plugin.views.map((v) => [v.name, v.title])).toEqual([['focus', 'attention on the larger number']]);
    expect(Object.keys(plugin).filter((k) => k.startsWith('on')).sort()).toEqual(['onStepEnd', 'onTrainEnd', 'onTrainStart']);
    expect(typeof maxTwo).toBe('function');
    expect(typeof lossSpikeAlarm).toBe('function');
  });
});
