// The text page's training worker: it serves @attn/train's textTask on the text the page sent
// last (TextWidget.vue posts it just before each run, and messages arrive in order).
import { serveTraining } from '@attn/train';
import { pageTextTask, type CorpusMessage } from './text-task';

let text = '';
self.addEventListener('message', (event: MessageEvent<CorpusMessage>) => {
  if (event.data?.kind === 'attn-docs.text') text = event.data.text;
});
serveTraining(self as unknown as Parameters<typeof serveTraining>[0], { text: () => pageTextTask(text) });
