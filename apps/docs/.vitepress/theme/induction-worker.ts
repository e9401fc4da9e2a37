// The induction page's training worker: it serves @attn/train's induction task to the page
// (InductionWidget.vue drives it with trainInWorker), so 1,500 steps never hold up the page.
import { induction, serveTraining } from '@attn/train';

serveTraining(self as unknown as Parameters<typeof serveTraining>[0], { induction });
