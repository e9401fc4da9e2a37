import type { HeadOptions } from '@attn/core';
import type { Labels } from '../marks/figure.js';

/** Options of the tutorial's views of a Trace. */
export interface TraceViewOptions extends HeadOptions, Labels {
  /** Which item of the batch to draw; 0 by default. */
  batch?: number;
  /** Labels of the input's tokens, one per position; the input's values by default. */
  tokens?: readonly string[];
  /** Print values in cells: `true`, `false` or `'auto'` (default: when cells are large enough). */
  values?: boolean | 'auto';
  /** Decimals of printed values; 2 by default. */
  digits?: number;
  /** A Plot color scheme to use instead of the default (`blues` for weights, `puor` for signed values). */
  scheme?: string;
}
