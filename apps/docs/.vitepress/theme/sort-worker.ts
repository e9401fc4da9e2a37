// The sort page's training worker: it serves @attn/train's runs of sort and reverse to the page
// (SortWidget.vue drives them with trainInWorker). Off the main thread, the held-out evaluation
// (greedy decoding of 1,000 sequences) costs the page nothing at all.
import { reverse, serveTraining, sort } from '@attn/train';

serveTraining(self as unknown as Parameters<typeof serveTraining>[0], { sort, reverse });
