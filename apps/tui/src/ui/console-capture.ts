// While the app draws, console output (e.g. a plugin's hook writing with console.error) would
// scroll the screen under the frame. It is caught instead, shown on the Train screen's note
// line, and printed after the app has ended.
import { format } from 'node:util';

/** Console messages caught while the app runs. */
export interface CapturedConsole {
  readonly messages: readonly string[];
  /** Calls `listener(message)` for every message from now on; returns the unsubscribe function. */
  subscribe(listener: (message: string) => void): () => void;
  /** Puts the console back. */
  restore(): void;
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/** Replaces console.log/info/warn/error/debug with a catcher until `restore()`. */
export function captureConsole(target: Console = console): CapturedConsole {
  const messages: string[] = [];
  const listeners = new Set<(message: string) => void>();
  const saved = METHODS.map((m) => [m, target[m]] as const);
  for (const m of METHODS) {
    target[m] = (...args: unknown[]) => {
      const message = format(...args);
      messages.push(message);
      for (const l of listeners) l(message);
    };
  }
  return {
    messages,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    restore() {
      for (const [m, f] of saved) target[m] = f;
    },
  };
}
