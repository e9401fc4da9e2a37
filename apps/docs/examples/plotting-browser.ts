// A browser example: `document` is the page's (the docs test runs it with a linkedom document).
// #region figure
import { tensor, traceForward, TutorialAttention } from '@attn/core';
import { stepByStepFigure } from '@attn/plot';

const { trace } = traceForward(new TutorialAttention({ seed: 0 }), tensor([[3, 5]]), 'TutorialAttention');
document.body.append(stepByStepFigure(trace, { document, expected: 8 }));
// #endregion figure

const figure = document.body.lastElementChild!;
console.log(figure.tagName.toLowerCase(), figure.querySelectorAll('svg').length > 0); // → figure true
