// The tutorial page's shared input: every step's widget reads and edits the same a, b and
// scaling, so editing a in step 5 redraws every figure on the page. The weights are the
// untrained model's (seed 0) until the train widget hands over a trained state dict.
import { reactive, shallowRef } from 'vue';
import type { StateDict } from '@attn/core';

export const tutorial = reactive({ a: 3, b: 5, scaled: false });

/** The trained model's weights, once the train widget has trained one on this page. */
export const trainedState = shallowRef<StateDict | null>(null);
