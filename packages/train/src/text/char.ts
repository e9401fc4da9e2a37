import { show } from '../check.js';
import { checkIds, checkText, fail, type CharTokenizerJSON, type Tokenizer } from './tokenizer.js';

/** What an unknown character decodes to: U+FFFD REPLACEMENT CHARACTER. */
const REPLACEMENT = '\uFFFD';

class CharTokenizer implements Tokenizer {
  readonly kind = 'char';
  readonly vocabSize: number;
  /** The id of characters outside the alphabet: the last one. */
  readonly unknown: number;
  private readonly chars: string[];
  private readonly ids: Map<string, number>;

  constructor(chars: string[]) {
    this.chars = chars;
    this.ids = new Map(chars.map((c, i) => [c, i]));
    this.unknown = chars.length;
    this.vocabSize = chars.length + 1;
  }

  encode(text: string): number[] {
    checkText('charTokenizer.encode', text);
    const out: number[] = [];
    for (const c of text) out.push(this.ids.get(c) ?? this.unknown);
    return out;
  }

  decode(ids: readonly number[]): string {
    checkIds('charTokenizer.decode', ids, this.vocabSize);
    let s = '';
    for (const id of ids) s += this.chars[id] ?? REPLACEMENT;
    return s;
  }

  token(id: number): string {
    checkIds('charTokenizer.token', [id], this.vocabSize);
    return this.chars[id] ?? REPLACEMENT;
  }

  toJSON(): CharTokenizerJSON {
    return { kind: 'char', version: 1, alphabet: this.chars.join('') };
  }
}

/**
 * A character tokenizer: one token per distinct Unicode code point of `corpus`, in code point
 * order, plus one last token for every character the corpus lacks (it decodes to U+FFFD, the
 * replacement character). So `decode(encode(s))` is `s` for any string written in the corpus'
 * characters, and `s` with every other code point replaced by U+FFFD otherwise. Code points,
 * not graphemes: `é` written as `e` + U+0301 is two tokens, an emoji one (or several, when
 * joined with U+200D).
 *
 * @example
 * ```ts
 * const t = charTokenizer('hello');
 * t.vocabSize;              // 5: e, h, l, o and the unknown character
 * t.encode('hole');         // [1, 3, 2, 0]
 * t.decode(t.encode('hi')); // 'h\uFFFD'
 * ```
 */
export function charTokenizer(corpus: string): Tokenizer {
  checkText('charTokenizer', corpus);
  return new CharTokenizer([...new Set(corpus)].sort(byCodePoint));
}

const byCodePoint = (a: string, b: string) => a.codePointAt(0)! - b.codePointAt(0)!;

/** @internal The character tokenizer of its JSON (checked by `tokenizerFromJSON`). */
export function charFromJSON(o: Record<string, unknown>): Tokenizer {
  if (typeof o.alphabet !== 'string') fail('FORMAT', 'tokenizerFromJSON', `a char tokenizer's alphabet must be a string, got ${show(o.alphabet)}`);
  const chars = [...o.alphabet];
  const seen = new Set<string>();
  for (const c of chars) {
    if (seen.has(c)) fail('FORMAT', 'tokenizerFromJSON', `a char tokenizer's alphabet holds ${JSON.stringify(c)} twice`);
    seen.add(c);
  }
  return new CharTokenizer(chars);
}
