import { tensor, traceForward, TutorialAttention } from '@attn/core';
import { stepByStepFigure, weightsFigure } from '@attn/plot';
import { createDocument, renderToSvg } from '@attn/plot/node';

const { trace } = traceForward(new TutorialAttention({ seed: 0 }), tensor([[3, 5]]));

// In Node, figures draw into a document from createDocument(); renderToSvg serializes them.
const document = createDocument();
const svg = renderToSvg(stepByStepFigure(trace, { document, expected: 8 }));
console.log(svg.startsWith('<svg'), svg.includes('xmlns="http://www.w3.org/2000/svg"')); // → true true

// The same figure twice is the same SVG, byte for byte.
const [first, second] = [0, 1].map(() => renderToSvg(weightsFigure(trace, { document })));
console.log(first === second); // → true
