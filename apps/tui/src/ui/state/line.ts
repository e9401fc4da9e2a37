// One line of text being edited, with a cursor, and the shell's editing keys on it: the
// tutorial's input line and the playground's share it.

/** The text and where the cursor is: before `text[cursor]` (`text.length` at the end). */
export interface Line {
  text: string;
  cursor: number;
}

/** An edit of a {@link Line}, as the shell (readline) does them. */
export type LineEdit =
  | { type: 'type'; text: string }
  /** Deletes the character before the cursor (Backspace). */
  | { type: 'backspace' }
  /** Deletes the character under the cursor (Delete, ctrl-d). */
  | { type: 'delete' }
  | { type: 'left' }
  | { type: 'right' }
  /** To the start (Home, ctrl-a). */
  | { type: 'home' }
  /** To the end (End, ctrl-e). */
  | { type: 'end' }
  /** Deletes the word before the cursor and the separators after it (ctrl-w). */
  | { type: 'deleteWord' }
  /** Deletes everything before the cursor (ctrl-u). */
  | { type: 'clearBefore' }
  /** Deletes everything from the cursor on (ctrl-k). */
  | { type: 'clearAfter' };

/** A line holding `text`, the cursor at its end. */
export const lineOf = (text: string): Line => ({ text, cursor: text.length });

const astral = (code: number | undefined) => code !== undefined && code > 0xffff;
/** The length in UTF-16 units of the character (code point) that starts at `i`. */
const nextChar = (text: string, i: number) => (astral(text.codePointAt(i)) ? 2 : 1);
/** The length in UTF-16 units of the character (code point) that ends at `i`. */
const prevChar = (text: string, i: number) => (i >= 2 && astral(text.codePointAt(i - 2)) ? 2 : 1);

/**
 * The line after one edit; the cursor stays inside the text.
 *
 * @example
 * ```ts
 * editLine({ text: '3 5', cursor: 1 }, { type: 'type', text: '4' }); // { text: '34 5', cursor: 2 }
 * ```
 */
export function editLine(line: Line, edit: LineEdit): Line {
  const { text } = line;
  const at = Math.max(0, Math.min(text.length, line.cursor));
  const before = text.slice(0, at);
  const after = text.slice(at);
  switch (edit.type) {
    case 'type':
      return { text: before + edit.text + after, cursor: at + edit.text.length };
    case 'backspace': {
      if (at === 0) return { text, cursor: at };
      const n = prevChar(text, at);
      return { text: text.slice(0, at - n) + after, cursor: at - n };
    }
    case 'delete':
      return at === text.length ? { text, cursor: at } : { text: before + text.slice(at + nextChar(text, at)), cursor: at };
    case 'left':
      return { text, cursor: at === 0 ? 0 : at - prevChar(text, at) };
    case 'right':
      return { text, cursor: at === text.length ? at : at + nextChar(text, at) };
    case 'home':
      return { text, cursor: 0 };
    case 'end':
      return { text, cursor: text.length };
    case 'deleteWord': {
      const kept = before.replace(/[^\s,;]*[\s,;]*$/, '');
      return { text: kept + after, cursor: kept.length };
    }
    case 'clearBefore':
      return { text: after, cursor: 0 };
    case 'clearAfter':
      return { text: before, cursor: at };
  }
}
