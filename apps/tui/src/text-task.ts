// The text task of the command line: a file (--text FILE) or, by default, attn's own
// documentation, gathered into generated/docs-corpus.txt when attn is built.
import { fileURLToPath } from 'node:url';
import { AttnError } from '@attn/core';
import { textTask, tokenizerFromJSON, type Checkpoint, type SequenceModelOptions, type TextTask, type TokenizerJSON } from '@attn/train';
import { readTextFile } from '@attn/train/node';
import { UsageError, type ParsedArgs } from './args.js';

/** The default corpus, written by scripts/docs-corpus.mjs at build time (the same path from src/ and from dist/). */
export const DOCS_CORPUS = fileURLToPath(new URL('../generated/docs-corpus.txt', import.meta.url));

/** The text flags of `attn train` and `attn inspect`. */
export const TEXT_FLAGS = { text: 'optional', tokenizer: ['char', 'bpe'], 'vocab-size': 'integer', context: 'integer' } as const;

/** What the text flags say: a file (or the docs), the tokenizer and the context. */
export interface TextChoice {
  /** The corpus file; the docs when unset. */
  file?: string;
  tokenizer?: 'char' | 'bpe';
  vocabSize?: number;
  context?: number;
}

/** The text flags given, or undefined when there are none (`--text` alone names no file). */
export function textChoice(args: ParsedArgs): TextChoice | undefined {
  const f = args.flags;
  if (f.text === undefined && f.tokenizer === undefined && f['vocab-size'] === undefined && f.context === undefined) return undefined;
  return {
    file: typeof f.text === 'string' ? f.text : undefined,
    tokenizer: f.tokenizer as 'char' | 'bpe' | undefined,
    vocabSize: f['vocab-size'] as number | undefined,
    context: f.context as number | undefined,
  };
}

/**
 * The text task of the flags, with `model` over its default model. With `saved` (a checkpoint's
 * tokenizer) the task reads the text with that tokenizer, which --tokenizer may not contradict.
 * A file that cannot be read, is empty, binary, or too small for a window is a usage error of
 * one line.
 */
export function textTaskOf(choice: TextChoice = {}, model: SequenceModelOptions = {}, saved?: TokenizerJSON): TextTask {
  const source = choice.file === undefined ? 'the docs corpus' : `--text: ${choice.file}`;
  let text: string;
  try {
    text = readTextFile(choice.file ?? DOCS_CORPUS);
  } catch (e) {
    if (!(e instanceof AttnError)) throw e;
    if (choice.file === undefined) throw new AttnError('STATE', `the default text, attn's docs (${DOCS_CORPUS}), cannot be read: build attn first (pnpm build): ${e.message}`);
    throw new UsageError(`--text: ${e.message.replace(/^readTextFile: /, '')}`);
  }
  if (saved && choice.tokenizer !== undefined && choice.tokenizer !== saved.kind) {
    throw new UsageError(`--tokenizer ${choice.tokenizer}: the checkpoint's model reads ${saved.kind} tokens`);
  }
  if (choice.vocabSize !== undefined && (saved || choice.tokenizer !== 'bpe')) throw new UsageError('--vocab-size is the vocabulary of a new bpe tokenizer: give it with --tokenizer bpe');
  try {
    return textTask({
      text, tokenizer: saved ? tokenizerFromJSON(saved) : choice.tokenizer, vocabSize: choice.vocabSize, context: choice.context, model,
    });
  } catch (e) {
    if (!(e instanceof AttnError)) throw e;
    throw new UsageError(`${source}: ${e.message.replace(/^text: /, '')}`);
  }
}

/**
 * The text task of a command's flags (with `--text FILE`, `--tokenizer`, … or `--task text`),
 * for a run that may continue `checkpoint`: then its tokenizer, and its context unless
 * --context is given, are the checkpoint's.
 */
export function textTaskFor(args: ParsedArgs, model: SequenceModelOptions, checkpoint?: Pick<Checkpoint, 'modelConfig' | 'tokenizer'>): TextTask {
  const choice = textChoice(args) ?? {};
  const context = choice.context ?? (checkpoint?.modelConfig?.options.maxLen as number | undefined);
  return textTaskOf({ ...choice, context }, model, checkpoint?.tokenizer);
}

/** The task a command names: --task, else `text` when a text flag is given, else `fallback`; text flags with another task are refused. */
export function taskName(args: ParsedArgs, fallback: string | undefined): string | undefined {
  const text = textChoice(args);
  const name = (args.flags.task as string | undefined) ?? (text ? 'text' : fallback);
  if (text && name !== 'text') throw new UsageError(`--text, --tokenizer, --vocab-size and --context are for the text task, not '${name}'`);
  return name;
}
