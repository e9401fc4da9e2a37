// Letting other work in (timers, input, a view's render) between slices of training.

let channel: { post: () => void; waiting: (() => void)[] } | undefined;
/**
 * @internal Resolves in a later task of the event loop, after timers and input that are due: setImmediate
 * in Node; a MessageChannel message in browsers, whose setTimeout(0) waits at least 4 ms once
 * nested, a quarter of a 12 ms slice of training.
 */
export function nextTask(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (typeof g.setImmediate === 'function') return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  if (!channel) {
    const { port1, port2 } = new MessageChannel();
    const waiting: (() => void)[] = [];
    port1.onmessage = () => waiting.shift()?.();
    channel = { post: () => port2.postMessage(null), waiting };
  }
  const c = channel;
  return new Promise((resolve) => {
    c.waiting.push(resolve);
    c.post();
  });
}
