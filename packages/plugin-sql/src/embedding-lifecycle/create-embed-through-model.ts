import type { EmbedTexts } from './reembed-memories.js';

/** Limits of {@link createEmbedThroughModel}. */
export interface EmbedThroughModelOptions {
  /** Model calls in flight at once. */
  readonly concurrency: number;
  /** Model calls started per second (0: no limit). */
  readonly maxCallsPerSecond: number;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * An `embed(texts)` over a one-text model call (elizaOS's `useModel(TEXT_EMBEDDING, { text })`), with
 * at most `concurrency` calls in flight and calls started at most `maxCallsPerSecond` apart.
 */
export function createEmbedThroughModel(
  embedOne: (text: string) => Promise<number[]>,
  options: EmbedThroughModelOptions,
): EmbedTexts {
  const spacingMs = options.maxCallsPerSecond > 0 ? 1000 / options.maxCallsPerSecond : 0;
  let nextStart = 0;
  /** Reserves the next start slot and waits for it (slots are handed out in call order). */
  const slot = async (signal: AbortSignal) => {
    if (spacingMs === 0) return;
    const now = Date.now();
    const at = Math.max(now, nextStart);
    nextStart = at + spacingMs;
    if (at > now) await sleep(at - now, signal);
  };
  return async (texts, signal) => {
    const vectors = new Array<number[]>(texts.length);
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= texts.length) return;
        await slot(signal);
        vectors[i] = await embedOne(texts[i] as string);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, texts.length) }, worker));
    return vectors;
  };
}
