import { tensor, traceForward, TutorialAttention } from '@attn/core';
import { stepByStepFigure, weightsFigure } from '@attn/plot';
import { createDocument, renderToSvg } from '@attn/plot/node';

const { trace } = traceForward(new TutorialAttention({ seed: 0 }), tensor([[3, 5]]));

// In Node, figures draw into a document from createDocument(); renderToSvg serializes them.
const document = createDocument();
const svg = renderToSvg(stepByStepFigure(trace, { document, expected: 8 }));
console.log(svg.startsWith('<svg'), svg.includes('xmlns="http://www.w3.org/2000/svg"')); // → true true

// The same figure twice is the same SVG, byte for byte.
console.log(renderToSvg(weightsFigure(trace, { document })) === renderToSvg(weightsFigure(trace, { document }))); // → true
