// The public API of @attn/plugin-example: every exported name is listed here.
import type { AttnPlugin } from '@attn/train';
import { focusView } from './focus-view.js';
import { lossSpikeAlarm } from './loss-spike.js';
import { maxTwo } from './max-two.js';

export { maxTwo, maxPairs, focusOnMax, type MaxTwoBatch, type MaxTwoOptions } from './max-two.js';
export { lossSpikeAlarm, type LossSpikeAlarmOptions, type LossSpike, type LossSpikePlugin } from './loss-spike.js';
export { focusView } from './focus-view.js';

/**
 * The plugin `attn --plugin` loads: the max-two task (with its playground), the loss-spike
 * alarm's hooks, and a view for the app's Train screen.
 *
 * @example
 * ```sh
 * attn --plugin plugins/example/dist/index.js train --task max-two
 * ```
 */
const plugin: AttnPlugin = { name: 'example', hooks: [lossSpikeAlarm()], tasks: [maxTwo()], views: [focusView()] };

export default plugin;
