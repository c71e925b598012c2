import { createEmbedderPlugin } from '@eliza-sql/test-support';
import { ModelType, type Plugin } from '@elizaos/core';

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

/** Text and embedding models that need no network: the server test's only model provider. */
export const offlineModelPlugin: Plugin = {
  name: 'offline-models',
  description: 'Deterministic local embedding and a fixed text reply (tests only)',
  priority: 100,
  models: {
    ...createEmbedderPlugin().models,
    [ModelType.TEXT_SMALL]: async () => FIXED_RESPONSE,
    [ModelType.TEXT_LARGE]: async () => FIXED_RESPONSE,
  },
};
