/**
 * @internal A binary min-heap of (priority, value) pairs of numbers, the smaller value first
 * among equal priorities: BPE's queue of pairs to merge. Entries are never updated in place:
 * callers push a new one and skip stale ones when they pop them.
 */
export class PairHeap {
  private readonly priorities: number[] = [];
  private readonly values: number[] = [];

  get size(): number {
    return this.priorities.length;
  }

  private less(i: number, j: number): boolean {
    const p = this.priorities;
    return p[i] < p[j] || (p[i] === p[j] && this.values[i] < this.values[j]);
  }

  private swap(i: number, j: number): void {
    const p = this.priorities;
    const v = this.values;
    [p[i], p[j]] = [p[j], p[i]];
    [v[i], v[j]] = [v[j], v[i]];
  }

  push(priority: number, value: number): void {
    this.priorities.push(priority);
    this.values.push(value);
    for (let i = this.priorities.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes the first entry and returns it as `[priority, value]`; the heap must not be empty. */
  pop(): [number, number] {
    const top: [number, number] = [this.priorities[0], this.values[0]];
    const last = this.priorities.length - 1;
    this.swap(0, last);
    this.priorities.pop();
    this.values.pop();
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < last && this.less(l, m)) m = l;
      if (r < last && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}
