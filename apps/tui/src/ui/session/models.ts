// The trained models of this session, by task: what the Train screen (or the tutorial) trained
// or a checkpoint held, for the Playground to run and the Inspect screen to look into.
import type { Module } from '@attn/core';

/** A model ready to answer, and one line saying where it came from. */
export interface TrainedModel {
  model: Module;
  /** e.g. `trained here, 2,000 steps, seed 0, test MSE 7.13e-7` or `checkpoint runs/sort/last.ckpt`. */
  source: string;
}

/** Trained models by task name; listeners hear of every change. */
export class ModelStore {
  private readonly models = new Map<string, TrainedModel>();
  private readonly listeners = new Set<(task: string) => void>();
  private last: string | undefined;

  get(task: string): TrainedModel | undefined {
    return this.models.get(task);
  }

  /** The task of the model set most recently (the latest one trained or loaded), if any. */
  latest(): string | undefined {
    return this.last;
  }

  set(task: string, entry: TrainedModel): void {
    this.models.set(task, entry);
    this.last = task;
    for (const l of this.listeners) l(task);
  }

  /** Calls `listener(task)` after each `set`; returns the unsubscribe function. */
  subscribe(listener: (task: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
