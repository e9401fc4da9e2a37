import { noGrad, tensor } from '@attn/core';
import { addTwo, checkpointModel, decodeModelLink, encodeModelLink, train } from '@attn/train';

// #region link
// A trained model, whole, in a link's fragment: no server keeps it.
const run = train({ task: addTwo(), seed: 0 });
const result = await run;
const fragment = encodeModelLink({
  task: 'add-two', seed: 0, step: result.steps, metrics: result.metrics,
  modelConfig: run.model.modelConfig(), model: run.model.stateDict(),
});
const url = `https://attn.example/tutorial.html#${fragment}`;
console.log(fragment.slice(0, 9), fragment.length); // → model=v1. 2249

// Opening the link rebuilds the model, every weight bit for bit:
// it answers exactly as the model that made the link.
const link = decodeModelLink(url);
const model = checkpointModel(link);
console.log(link.task, link.step, model.modelConfig().class); // → add-two 2000 TutorialAttention
const x = tensor([[3, 5]]);
const answer = (m: typeof run.model) => noGrad(() => m.forward(x).item());
console.log(answer(model as typeof run.model) === answer(run.model)); // → true
// #endregion link
