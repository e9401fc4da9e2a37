import type { Tensor } from './tensor.js';

const MAX_ITEMS = 6;

/**
 * One number style for the whole tensor, so that columns line up: integers as they are,
 * otherwise 4 decimals, or 4 decimals of an exponent when the magnitudes need it.
 */
function numberStyle(data: ArrayLike<number>): (v: number) => string {
  let ints = true;
  let big = 0;
  let small = Infinity;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!Number.isFinite(v)) continue;
    const a = Math.abs(v);
    if (!Number.isInteger(v)) ints = false;
    big = Math.max(big, a);
    if (a !== 0) small = Math.min(small, a);
  }
  if (ints && big < 1e6) return String;
  const exp = big >= 1e6 || small < 1e-3;
  return (v) => (!Number.isFinite(v) ? String(v) : exp ? v.toExponential(4) : v.toFixed(4));
}

/** @internal `tensor([[1, 2], [3, 4]], shape=[2,2])`, right-aligned, eliding long axes with `…`. */
export function formatTensor(t: Tensor): string {
  const { data, shape } = t;
  const rank = shape.length;
  const strides: number[] = [];
  let acc = 1;
  for (let i = rank - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  const build = (axis: number, offset: number, indent: string, cell: (v: number) => string): string => {
    if (axis === rank) return cell(data[offset]);
    const n = shape[axis];
    const idx = n > MAX_ITEMS ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    const parts = idx.map((i) => (i < 0 ? '…' : build(axis + 1, offset + i * strides[axis], indent + ' ', cell)));
    // Like PyTorch: rows on their own lines, a blank line between matrices, two between blocks of those.
    const sep = axis === rank - 1 ? ', ' : `,${'\n'.repeat(rank - axis - 1)}${indent} `;
    return `[${parts.join(sep)}]`;
  };
  // A first pass collects the values shown; they alone choose the number style and the width.
  const shown: number[] = [];
  build(0, 0, '', (v) => (shown.push(v), ''));
  const num = numberStyle(shown);
  const width = shown.reduce((w, v) => Math.max(w, num(v).length), 0);
  const body = build(0, 0, '       ', (v) => num(v).padStart(width));
  const grad = t.requiresGrad ? ', requiresGrad' : '';
  const dtype = t.dtype === 'float64' ? '' : `, dtype=${t.dtype}`;
  return `tensor(${body}, shape=[${shape.join(',')}]${dtype}${grad})`;
}
