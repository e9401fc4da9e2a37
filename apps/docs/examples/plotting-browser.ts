// A browser example: `document` is the page's (the docs test runs
// it with a linkedom document).
// #region figure
import { tensor, traceForward, TutorialAttention } from '@attn/core';
import { stepByStepFigure } from '@attn/plot';

const model = new TutorialAttention({ seed: 0 });
const { trace } = traceForward(model, tensor([[3, 5]]), 'TutorialAttention');
document.body.append(stepByStepFigure(trace, { document, expected: 8 }));
// #endregion figure

const figure = document.body.lastElementChild!;
const drawn = figure.querySelectorAll('svg').length > 0;
console.log(figure.tagName.toLowerCase(), drawn); // → figure true
