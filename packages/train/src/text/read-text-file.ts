import { readRegularFile } from '../checkpoint/files.js';
import { textOf } from './decode-text.js';

/**
 * Reads a text file for `textTask`: a regular file (see `readRegularFile`) of UTF-8 text, not
 * empty and not binary (see `decodeText`). Every refusal is an AttnError whose message starts
 * `readTextFile: ` and names the path.
 *
 * @example
 * ```ts
 * const task = textTask({ text: readTextFile('shakespeare.txt') });
 * ```
 */
export function readTextFile(path: string): string {
  return textOf('readTextFile', readRegularFile(path, { op: 'readTextFile' }), path);
}
