// The tutorial page's shared input: every step's widget reads and edits the same a, b, scaling
// and initialization seed, so editing a in step 5 redraws every figure on the page. The weights
// are the untrained model's (TutorialAttention from the seed) until the train widget, which
// trains that very model, hands over a trained state dict.
import { reactive, ref, shallowRef } from 'vue';
import type { StateDict } from '@attn/core';

export const tutorial = reactive({ a: 3, b: 5, scaled: false, seed: 0 });

/** True while the train widget trains: the model it started from must not change under it. */
export const training = ref(false);

/** The trained model's weights, once the train widget has trained one on this page. */
export const trainedState = shallowRef<StateDict | null>(null);
