/**
 * Structural types of the JSON columns, so rows are typed without a runtime (or type) dependency on
 * `@elizaos/core`. They are deliberately loose supersets of the core types (`Metadata`, `Content`,
 * `MessageExample`), so values of those types are assignable to them.
 */

/** A JSON object column (`metadata`, `content`, `settings`, ...). */
export type JsonObject = Record<string, unknown>;

/** One example line of a conversation, as stored in `agents.message_examples`. */
export interface MessageExampleJson {
  name: string;
  content: JsonObject;
}

/** An entry of `agents.knowledge`: a text, or a path to a knowledge file. */
export type KnowledgeItemJson = string | { path: string; shared?: boolean };

/** `agents.settings`: free-form settings with optional secrets. */
export interface AgentSettingsJson {
  secrets?: { [key: string]: string | boolean | number };
  [key: string]: unknown;
}

/** `agents.style`: style directions by context. */
export interface AgentStyleJson {
  all?: string[];
  chat?: string[];
  post?: string[];
}
