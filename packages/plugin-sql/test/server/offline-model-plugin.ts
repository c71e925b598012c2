import { createHash } from 'node:crypto';
import { ModelType, type Plugin } from '@elizaos/core';

/** The dimension of {@link embedText}'s vectors (the core schema's smallest, 384). */
export const OFFLINE_EMBEDDING_DIMENSION = 384;

/** The text every reply of the offline agent carries. */
export const OFFLINE_REPLY_TEXT = 'Offline reply.';

/**
 * One fixed answer for every text model: `<action>` answers the should-respond check (TEXT_SMALL),
 * `<thought>`/`<actions>`/`<text>` the reply (TEXT_LARGE); REPLY alone makes it a simple reply.
 */
const FIXED_RESPONSE = `<response>
<name>Offline</name>
<reasoning>Always answers.</reasoning>
<action>REPLY</action>
<thought>Answering with the fixed reply.</thought>
<actions>REPLY</actions>
<providers></providers>
<text>${OFFLINE_REPLY_TEXT}</text>
</response>`;

/** A deterministic unit vector for `text`: SHA-256 blocks of the text, counter-extended. */
export function embedText(text: string): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < OFFLINE_EMBEDDING_DIMENSION; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (const byte of digest) values.push(byte / 127.5 - 1);
  }
  const vector = values.slice(0, OFFLINE_EMBEDDING_DIMENSION);
  const norm = Math.hypot(...vector);
  return vector.map((x) => x / norm);
}

/** Text and embedding models that need no network: the server test's only model provider. */
export const offlineModelPlugin: Plugin = {
  name: 'offline-models',
  description: 'Deterministic local embedding and a fixed text reply (tests only)',
  priority: 100,
  models: {
    [ModelType.TEXT_EMBEDDING]: async (_runtime, params) => {
      const text = typeof params === 'string' ? params : (params as { text?: string } | null)?.text;
      return embedText(text ?? '');
    },
    [ModelType.TEXT_SMALL]: async () => FIXED_RESPONSE,
    [ModelType.TEXT_LARGE]: async () => FIXED_RESPONSE,
  },
};
