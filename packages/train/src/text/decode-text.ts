import { AttnError } from '@attn/core';
import { show } from '../check.js';

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * The text of a file's bytes, for {@link textTask}: UTF-8 (a byte-order mark is dropped), not
 * empty and not binary. An empty file, a NUL byte (which text files do not hold, binary ones
 * do) or bytes that are not UTF-8 are refused with an AttnError (code `FORMAT`) that names
 * `source` and the problem.
 *
 * @example
 * ```ts
 * decodeText(new TextEncoder().encode('héllo'), 'notes.txt'); // 'héllo'
 * decodeText(Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0), 'logo.png'); // throws: logo.png looks binary …
 * ```
 */
export function decodeText(bytes: Uint8Array, source = 'the text'): string {
  return textOf('decodeText', bytes, source);
}

/** @internal {@link decodeText} with errors named after `op`. */
export function textOf(op: string, bytes: Uint8Array, source: string): string {
  if (!(bytes instanceof Uint8Array)) throw new AttnError('ARGUMENT', `${op}: bytes must be a Uint8Array, got ${show(bytes)}`);
  if (bytes.length === 0) throw new AttnError('FORMAT', `${op}: ${source} is empty`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new AttnError('FORMAT', `${op}: ${source} looks binary, not text: it holds a NUL byte at offset ${nul}`);
  try {
    return strict.decode(bytes);
  } catch {
    throw new AttnError('FORMAT', `${op}: ${source} is not UTF-8 text: it holds bytes UTF-8 cannot decode (a binary file, or text in another encoding)`);
  }
}
