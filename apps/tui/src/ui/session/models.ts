// The trained models of this session, by task: what the Train screen (or the tutorial) trained
// or a checkpoint held, for the Playground to run.
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

  get(task: string): TrainedModel | undefined {
    return this.models.get(task);
  }

  set(task: string, entry: TrainedModel): void {
    this.models.set(task, entry);
    for (const l of this.listeners) l(task);
  }

  /** Calls `listener(task)` after each `set`; returns the unsubscribe function. */
  subscribe(listener: (task: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
