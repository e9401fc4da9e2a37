// A trained model in the page's address: `#model=v1.…` (@attn/train's encodeModelLink) holds
// the whole model, so a link to the page opens it trained, with no server. The training widgets
// offer the link to the model they trained (ModelLink.vue) and, opened with one, rebuild its
// model instead of training. Any other fragment, such as VitePress's heading anchors, is left to
// VitePress.
import type { Module } from '@attn/core';
import type { ModelLink } from '@attn/train';

/** A model a widget can show: rebuilt from the page's link, or an error saying why not. */
export type Opened = { link: ModelLink; model: Module } | { error: string };

/**
 * The model of the link in this page's address, rebuilt; null when the address holds no model
 * link. A link that cannot be read, or one for another task than the widget's, gives the error
 * for the widget to show.
 */
export async function openFromAddress(task: string): Promise<Opened | null> {
  if (location.hash.length < 2) return null;
  const trainer = await import('@attn/train');
  if (!location.hash.slice(1).startsWith(trainer.MODEL_LINK_PREFIX)) return null;
  try {
    const link = trainer.decodeModelLink(location.href);
    if (link.task !== task) return { error: `The link in this page's address holds a model of the task '${link.task}'; this widget trains ${task}.` };
    return { link, model: trainer.checkpointModel(link) };
  } catch (err) {
    return { error: `The link in this page's address holds no model this page can open: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The link fragment (`model=v1.…`) of a trained model and the run that made it. */
export async function linkOf(task: string, model: Module, run: { seed: number; step: number; metrics: Record<string, number> }): Promise<string> {
  const { encodeModelLink } = await import('@attn/train');
  return encodeModelLink({ task, ...run, modelConfig: model.modelConfig(), model: model.stateDict() });
}
