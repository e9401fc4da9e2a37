import type { Tensor } from './tensor.js';

const MAX_ITEMS = 6;

function num(v: number): string {
  if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '');
}

/** @internal `tensor([[1, 2], [3, 4]], shape=[2,2])`, eliding long axes with `…`. */
export function formatTensor(t: Tensor): string {
  const { data, shape } = t;
  const strides: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= shape[i];
  }
  const build = (axis: number, offset: number, indent: string): string => {
    if (axis === shape.length) return num(data[offset]);
    const n = shape[axis];
    const idx = n > MAX_ITEMS ? [0, 1, 2, -1, n - 3, n - 2, n - 1] : Array.from({ length: n }, (_, i) => i);
    const parts = idx.map((i) => (i < 0 ? '…' : build(axis + 1, offset + i * strides[axis], indent + ' ')));
    const sep = axis === shape.length - 1 ? ', ' : `,\n${indent} `;
    return `[${parts.join(sep)}]`;
  };
  const grad = t.requiresGrad ? ', requiresGrad' : '';
  const dtype = t.dtype === 'float64' ? '' : `, dtype=${t.dtype}`;
  return `tensor(${build(0, 0, '       ')}, shape=[${shape.join(',')}]${dtype}${grad})`;
}
