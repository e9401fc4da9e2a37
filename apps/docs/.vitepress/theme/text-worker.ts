// The text page's training worker: it serves @attn/train's textTask on the text each run brings
// (TextWidget.vue passes it as the run's taskOptions).
import { serveTraining } from '@attn/train';
import { pageTextTask } from './text-task';

serveTraining(self as unknown as Parameters<typeof serveTraining>[0], { text: (o: { text: string }) => pageTextTask(o.text) });
