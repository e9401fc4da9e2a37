// The text page's task, the same on both sides of its worker: @attn/train's textTask with the
// page's settings, so that the page (tokenizer, model shape, samples, generation) and the worker
// (training) read the reader's text alike.
import { textTask, type TextTask } from '@attn/train';

/** The text page's character-level task on `text` (textTask's model and context: 4 heads, 2 layers, 32 characters). */
export function pageTextTask(text: string): TextTask {
  return textTask({ text, tokenizer: 'char' });
}
