// The public API of @attn/plugin-example: every exported name is listed here.
import type { Plugin } from '@attn/train';
import { focusView, type TrainView } from './focus-view.js';
import { lossSpikeAlarm } from './loss-spike.js';
import { maxTwo } from './max-two.js';

export { maxTwo, maxPairs, focusOnMax, type MaxTwoBatch, type MaxTwoOptions } from './max-two.js';
export { lossSpikeAlarm, type LossSpikeAlarmOptions, type LossSpike, type LossSpikePlugin } from './loss-spike.js';
export { focusView, type TrainView, type ViewInput } from './focus-view.js';

/**
 * The plugin `attn --plugin` loads: the max-two task, the loss-spike alarm's hooks, and a view
 * for the app's Train screen. `name` and `tasks` come after the spread so that they are this
 * plugin's, not the alarm's.
 *
 * @example
 * ```sh
 * attn --plugin plugins/example/dist/index.js train --task max-two
 * ```
 */
const plugin: Plugin & { views: TrainView[] } = { ...lossSpikeAlarm(), name: 'example', tasks: [maxTwo()], views: [focusView()] };

export default plugin;
