import { show } from '../check.js';
import { PairHeap } from './heap.js';
import { checkIds, checkText, fail, type BpeTokenizerJSON, type Tokenizer } from './tokenizer.js';

/** The largest vocabulary a BPE tokenizer may have (a pair of ids is one number below 2³²). */
export const MAX_BPE_VOCAB = 65_536;
const BYTES = 256;
const key = (a: number, b: number) => a * MAX_BPE_VOCAB + b;

/**
 * A sequence of token ids as a doubly linked list over its positions, so that merging a pair
 * takes constant time: a merged-away position holds -1.
 */
function linked(bytes: Uint8Array) {
  const n = bytes.length;
  const tok = Int32Array.from(bytes);
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = i + 1 < n ? i + 1 : -1;
    prev[i] = i - 1;
  }
  /** Joins the token at `i` with the next one (at `j`) into `id`. */
  const merge = (i: number, j: number, id: number) => {
    const after = next[j];
    tok[i] = id;
    tok[j] = -1;
    next[i] = after;
    if (after >= 0) prev[after] = i;
  };
  return { tok, next, prev, merge };
}

/** The merges that byte-pair encoding learns from `bytes`, until `vocabSize` or no pair occurs twice. */
function learnMerges(bytes: Uint8Array, vocabSize: number): [number, number][] {
  const { tok, next, prev, merge } = linked(bytes);
  const counts = new Map<number, number>();
  const where = new Map<number, number[]>();
  // counts are negated: the heap pops the smallest, ties to the smallest pair
  const queue = new PairHeap();
  const add = (k: number, at: number) => {
    const c = (counts.get(k) ?? 0) + 1;
    counts.set(k, c);
    queue.push(-c, k);
    const list = where.get(k);
    if (list) list.push(at);
    else where.set(k, [at]);
  };
  const remove = (k: number) => {
    const c = counts.get(k);
    if (c === undefined) return;
    if (c === 1) counts.delete(k);
    else {
      counts.set(k, c - 1);
      queue.push(1 - c, k);
    }
  };
  for (let i = 0; i + 1 < tok.length; i++) add(key(tok[i], tok[i + 1]), i);
  const merges: [number, number][] = [];
  while (BYTES + merges.length < vocabSize && queue.size > 0) {
    const [negCount, k] = queue.pop();
    if (counts.get(k) !== -negCount) continue; // stale: the count changed since this entry
    if (-negCount < 2) break;
    const a = Math.floor(k / MAX_BPE_VOCAB);
    const b = k % MAX_BPE_VOCAB;
    const id = BYTES + merges.length;
    merges.push([a, b]);
    const positions = where.get(k)!.sort((x, y) => x - y);
    counts.delete(k);
    where.delete(k);
    for (const i of positions) {
      const j = next[i];
      // a position may be stale (merged since) or listed twice; left to right, as encode does
      if (tok[i] !== a || j < 0 || tok[j] !== b) continue;
      const p = prev[i];
      const n = next[j];
      if (p >= 0) remove(key(tok[p], a));
      if (n >= 0) remove(key(b, tok[n]));
      merge(i, j, id);
      if (p >= 0) add(key(tok[p], id), p);
      if (n >= 0) add(key(id, tok[n]), i);
    }
  }
  return merges;
}

const utf8 = new TextEncoder();
const lenient = new TextDecoder('utf-8');
const strict = new TextDecoder('utf-8', { fatal: true });

class BpeTokenizer implements Tokenizer {
  readonly kind = 'bpe';
  readonly vocabSize: number;
  private readonly merges: [number, number][];
  private readonly ranks: Map<number, number>;
  /** The bytes of every token. */
  private readonly pieces: Uint8Array[];

  constructor(merges: [number, number][]) {
    this.merges = merges;
    this.vocabSize = BYTES + merges.length;
    this.ranks = new Map(merges.map(([a, b], r) => [key(a, b), r]));
    this.pieces = Array.from({ length: BYTES }, (_, i) => Uint8Array.of(i));
    for (const [a, b] of merges) {
      const piece = new Uint8Array(this.pieces[a].length + this.pieces[b].length);
      piece.set(this.pieces[a]);
      piece.set(this.pieces[b], this.pieces[a].length);
      this.pieces.push(piece);
    }
  }

  encode(text: string): number[] {
    checkText('bpeTokenizer.encode', text);
    const { tok, next, prev, merge } = linked(utf8.encode(text));
    // the pair of lowest rank first, left to right among equal ranks: the order training merged
    // them in (a merge only makes pairs of higher rank, since they hold the new token)
    const queue = new PairHeap();
    const offer = (i: number) => {
      const j = next[i];
      const r = j < 0 ? undefined : this.ranks.get(key(tok[i], tok[j]));
      if (r !== undefined) queue.push(r, i);
    };
    for (let i = 0; i + 1 < tok.length; i++) offer(i);
    while (queue.size > 0) {
      const [r, i] = queue.pop();
      const j = next[i];
      if (tok[i] < 0 || j < 0 || this.ranks.get(key(tok[i], tok[j])) !== r) continue;
      merge(i, j, BYTES + r);
      if (prev[i] >= 0) offer(prev[i]);
      offer(i);
    }
    const out: number[] = [];
    for (let i = 0; i >= 0 && i < tok.length; i = next[i]) out.push(tok[i]);
    return out;
  }

  decode(ids: readonly number[]): string {
    checkIds('bpeTokenizer.decode', ids, this.vocabSize);
    return lenient.decode(this.bytes(ids));
  }

  token(id: number): string {
    checkIds('bpeTokenizer.token', [id], this.vocabSize);
    const bytes = this.pieces[id];
    try {
      return strict.decode(bytes);
    } catch {
      return `<${[...bytes].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ')}>`;
    }
  }

  private bytes(ids: readonly number[]): Uint8Array {
    let n = 0;
    for (const id of ids) n += this.pieces[id].length;
    const out = new Uint8Array(n);
    let at = 0;
    for (const id of ids) {
      out.set(this.pieces[id], at);
      at += this.pieces[id].length;
    }
    return out;
  }

  toJSON(): BpeTokenizerJSON {
    return { kind: 'bpe', version: 1, merges: this.merges.map(([a, b]) => [a, b]) };
  }
}

/** Options of {@link bpeTokenizer}. */
export interface BpeOptions {
  /**
   * The vocabulary wanted: the 256 byte tokens plus `vocabSize − 256` merges, an integer in
   * `[256, 65536]`. Training stops earlier when no pair of tokens occurs twice any more, so the
   * tokenizer's `vocabSize` may be smaller.
   */
  vocabSize: number;
}

/**
 * A byte-level BPE tokenizer (as GPT-2's, without its regular-expression split into words)
 * trained on `corpus`: ids `0 … 255` are the bytes of the UTF-8 text, and each merge learned
 * joins the most frequent pair of adjacent tokens into a new one (ties go to the pair of
 * smaller ids). Any text can be encoded — every byte is a token — so `decode(encode(s))` is
 * `s` for every well-formed string, seen in training or not. (A lone surrogate, which UTF-8
 * cannot write, is encoded as U+FFFD.) Merges may span spaces and punctuation: without the
 * split, frequent phrases such as `of the` can become single tokens.
 *
 * Training is incremental (a count and the positions of every pair, in a priority queue), so
 * its time grows with the text, not with text × merges.
 *
 * @example
 * ```ts
 * const t = bpeTokenizer('low lower lowest', { vocabSize: 260 });
 * t.vocabSize;                   // 260: 256 bytes and 4 merges
 * t.encode('low').length;        // 1: 'l'+'o', then 'lo'+'w', are merges
 * t.decode(t.encode('slowly 🐢')); // 'slowly 🐢'
 * ```
 */
export function bpeTokenizer(corpus: string, options: BpeOptions): Tokenizer {
  checkText('bpeTokenizer', corpus);
  const vocabSize = options?.vocabSize;
  if (!(Number.isInteger(vocabSize) && vocabSize >= BYTES && vocabSize <= MAX_BPE_VOCAB)) {
    fail('ARGUMENT', 'bpeTokenizer', `vocabSize must be an integer in [${BYTES}, ${MAX_BPE_VOCAB}] (256 byte tokens plus the merges), got ${show(vocabSize)}`);
  }
  return new BpeTokenizer(learnMerges(utf8.encode(corpus), vocabSize));
}

/** @internal The BPE tokenizer of its JSON (checked by `tokenizerFromJSON`). */
export function bpeFromJSON(o: Record<string, unknown>): Tokenizer {
  const merges = o.merges;
  if (!Array.isArray(merges)) fail('FORMAT', 'tokenizerFromJSON', `a bpe tokenizer's merges must be an array of [a, b] pairs, got ${show(merges)}`);
  if (BYTES + merges.length > MAX_BPE_VOCAB) fail('FORMAT', 'tokenizerFromJSON', `a bpe tokenizer has at most ${MAX_BPE_VOCAB - BYTES} merges, got ${merges.length}`);
  merges.forEach((m, i) => {
    const ok = Array.isArray(m) && m.length === 2 && m.every((t) => Number.isInteger(t) && t >= 0 && t < BYTES + i);
    if (!ok) fail('FORMAT', 'tokenizerFromJSON', `merge ${i} must be a pair of token ids below ${BYTES + i} (bytes and earlier merges), got ${show(m)}`);
  });
  const seen = new Set<number>();
  merges.forEach(([a, b], i) => {
    if (seen.has(key(a, b))) fail('FORMAT', 'tokenizerFromJSON', `merge ${i}, [${a}, ${b}], repeats an earlier merge`);
    seen.add(key(a, b));
  });
  return new BpeTokenizer(merges.map(([a, b]) => [a, b]));
}
