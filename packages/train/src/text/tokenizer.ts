import { AttnError } from '@attn/core';
import { show } from '../check.js';
import { bpeFromJSON } from './bpe.js';
import { charFromJSON } from './char.js';

/**
 * Turns text into token ids and back: a {@link charTokenizer} (one token per Unicode code point
 * of its corpus) or a {@link bpeTokenizer} (byte-level BPE). Both are plain data underneath:
 * `toJSON()` writes them, {@link tokenizerFromJSON} reads them back, so a model is saved with the
 * tokenizer it was trained with.
 */
export interface Tokenizer {
  /** Which tokenizer: `'char'` or `'bpe'`. */
  readonly kind: 'char' | 'bpe';
  /** Number of distinct token ids: they are `0 … vocabSize−1`. */
  readonly vocabSize: number;
  /** The token ids of `text`. */
  encode(text: string): number[];
  /** The text of token ids (each in `[0, vocabSize)`). */
  decode(ids: readonly number[]): string;
  /** The text of one token, for labels in views (a byte that is part of a character shows as `<0xE2>`). */
  token(id: number): string;
  /** The tokenizer as plain JSON data, read back by {@link tokenizerFromJSON}. */
  toJSON(): TokenizerJSON;
}

/** A character tokenizer as JSON: its alphabet, the code points in id order. */
export interface CharTokenizerJSON {
  kind: 'char';
  version: 1;
  /** The code points of ids `0 … n−1`, as one string; id `n` is the unknown character. */
  alphabet: string;
}

/** A byte-level BPE tokenizer as JSON: its merges in the order learned. */
export interface BpeTokenizerJSON {
  kind: 'bpe';
  version: 1;
  /** Merge `i` joins tokens `[a, b]` into token `256 + i`; a and b are below `256 + i`. */
  merges: [number, number][];
}

/** A tokenizer as {@link Tokenizer.toJSON} writes it. */
export type TokenizerJSON = CharTokenizerJSON | BpeTokenizerJSON;

/** @internal Throws `op: message` as an AttnError with `code`. */
export function fail(code: 'ARGUMENT' | 'FORMAT', op: string, message: string): never {
  throw new AttnError(code, `${op}: ${message}`);
}

/** @internal Checks that `ids` is an array of integer ids below `vocabSize`. */
export function checkIds(op: string, ids: unknown, vocabSize: number): readonly number[] {
  if (!Array.isArray(ids)) fail('ARGUMENT', op, `ids must be an array of token ids, got ${show(ids)}`);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!(Number.isInteger(id) && id >= 0 && id < vocabSize)) fail('ARGUMENT', op, `ids[${i}] must be a token id in [0, ${vocabSize}), got ${show(id)}`);
  }
  return ids;
}

/** @internal Checks that `text` is a string. */
export function checkText(op: string, text: unknown): string {
  if (typeof text !== 'string') fail('ARGUMENT', op, `text must be a string, got ${show(text)}`);
  return text;
}

/**
 * Rebuilds a tokenizer from its JSON (an object, or the JSON text), as written by
 * {@link Tokenizer.toJSON}. Malformed data is refused with an AttnError (code `FORMAT`) naming
 * the field and what it held.
 *
 * @example
 * ```ts
 * const t = charTokenizer('hello');
 * tokenizerFromJSON(JSON.stringify(t)).encode('hello'); // the same ids as t.encode('hello')
 * ```
 */
export function tokenizerFromJSON(json: TokenizerJSON | string): Tokenizer {
  const op = 'tokenizerFromJSON';
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (e) {
      fail('FORMAT', op, `not valid JSON (${(e as Error).message})`);
    }
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) fail('FORMAT', op, `expected a tokenizer object { kind, version, … }, got ${show(data)}`);
  const o = data as Record<string, unknown>;
  if (o.version !== 1) fail('FORMAT', op, `unsupported version ${show(o.version)}, expected 1`);
  if (o.kind === 'char') return charFromJSON(o);
  if (o.kind === 'bpe') return bpeFromJSON(o);
  return fail('FORMAT', op, `kind must be 'char' or 'bpe', got ${show(o.kind)}`);
}
