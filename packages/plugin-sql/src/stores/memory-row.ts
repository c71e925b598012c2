import {
  DIMENSION_MAP,
  type EmbeddingDimension,
  embeddingTable,
  type memoryTable,
} from '@eliza-sql/core-schema';
import type { Content, Memory, MemoryMetadata, UUID } from '@elizaos/core';
import { type SQL, sql } from 'drizzle-orm';
import { ElizaSqlError, describeValue, invalidInput } from '../errors.js';
import { assertUuid } from '../validation.js';
import { assertStorableText, toJsonText } from './jsonb-value.js';
import { isGiven } from './store-values.js';

export type MemoryRow = typeof memoryTable.$inferSelect;

/** The `embeddings` column holding vectors of `dimension`. */
export function embeddingColumn(dimension: EmbeddingDimension) {
  return embeddingTable[DIMENSION_MAP[dimension]];
}

/**
 * The memory columns of a hand-written SELECT on `memories`, named as {@link MemoryRow}'s properties
 * (what {@link toMemory} reads).
 */
export const MEMORY_COLUMNS = sql.raw(
  'memories.id, memories.type, memories.created_at AS "createdAt", memories.content, ' +
    'memories.entity_id AS "entityId", memories.agent_id AS "agentId", memories.room_id AS "roomId", ' +
    'memories.world_id AS "worldId", memories."unique", memories.metadata',
);

/** pgvector's text output (`[1,2.5,-3e-05]`) is JSON; a driver that already parsed it is taken as is. */
export function parseVectorText(value: string | number[]): number[];
export function parseVectorText(value: string | number[] | null): number[] | null;
export function parseVectorText(value: string | number[] | null): number[] | null {
  return typeof value === 'string' ? (JSON.parse(value) as number[]) : value;
}

/**
 * A stored memory as the adapter returns it: createdAt in ms, embedding when stored in the agent's
 * dimension, `type` the table it is in (as the reference's `getMemories`), `worldId` when stored.
 */
export function toMemory(row: MemoryRow, embedding?: number[] | null, similarity?: number): Memory {
  const memory: Memory & { type: string } = {
    id: row.id as UUID,
    type: row.type,
    entityId: row.entityId as UUID,
    agentId: row.agentId as UUID,
    roomId: row.roomId as UUID,
    content: row.content as Content,
    createdAt: row.createdAt.getTime(),
    unique: row.unique,
    metadata: row.metadata as MemoryMetadata,
    embedding: embedding ? Array.from(embedding) : undefined,
  };
  if (row.worldId) memory.worldId = row.worldId as UUID;
  if (similarity !== undefined) memory.similarity = similarity;
  return memory;
}

/** How an embedding element is named in an error: its index and what it is. */
function describeElement(value: unknown): string {
  if (typeof value === 'number') return `the number ${String(value)}`;
  if (typeof value === 'string') return `the string ${describeValue(value)}`;
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return describeValue(value);
  return typeof value === 'object' ? describeValue(value) : `a ${typeof value}`;
}

/**
 * Checks an embedding against the agent's dimension: exactly `dimension` finite numbers within float32
 * range (what `vector` stores; pgvector would fail the statement on a larger one), not all zero (a zero
 * vector has no direction: cosine similarity with it is undefined, so it can be neither stored nor
 * searched with). A non-array is INVALID_INPUT, a wrong length EMBEDDING_DIMENSION_MISMATCH, a bad
 * element or the zero vector INVALID_EMBEDDING_VECTOR, naming the offending element. Never silently dropped or zero-filled.
 */
export function assertEmbedding(field: string, embedding: unknown, dimension: EmbeddingDimension): number[] {
  if (!Array.isArray(embedding)) throw invalidInput(field, embedding, 'an array of numbers');
  if (embedding.length !== dimension) {
    throw new ElizaSqlError(
      'EMBEDDING_DIMENSION_MISMATCH',
      `${field} has ${embedding.length} dimensions but the agent's embedding dimension is ${dimension}`,
    );
  }
  let nonZero = false;
  for (let index = 0; index < embedding.length; index++) {
    const value: unknown = embedding[index];
    if (typeof value !== 'number' || !Number.isFinite(Math.fround(value))) {
      throw new ElizaSqlError(
        'INVALID_EMBEDDING_VECTOR',
        `${field}: element ${index} is ${describeElement(value)}; expected ${dimension} finite numbers within float32 range (|x| <= 3.4028235e38)`,
      );
    }
    if (Math.fround(value) !== 0) nonZero = true; // what is stored: a float32 underflow is 0 too
  }
  if (!nonZero) {
    throw new ElizaSqlError(
      'INVALID_EMBEDDING_VECTOR',
      `${field}: all ${dimension} elements are 0; cosine similarity is undefined for a zero vector, so it can be neither stored nor searched with`,
    );
  }
  return embedding as number[];
}

/** Content may be given as an object or as its JSON text (as the reference accepts); its jsonb text. */
function contentJson(content: unknown): string {
  if (typeof content === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch (cause) {
      throw new ElizaSqlError(
        'INVALID_INPUT',
        'memory.content: expected an object or JSON text, got a non-JSON string',
        {
          cause,
        },
      );
    }
    return toJsonText('memory.content', parsed);
  }
  return toJsonText('memory.content', content ?? {});
}

/** Metadata as an object or its JSON text (`{}` when absent); its jsonb text. */
function metadataJson(metadata: unknown): string {
  return toJsonText(
    'memory.metadata',
    typeof metadata === 'string' ? parseMetadata(metadata) : (metadata ?? {}),
  );
}

/** Content as a bound jsonb value (`$n::jsonb`). */
function contentValue(content: unknown): SQL {
  return sql`${contentJson(content)}::jsonb`;
}

/** Metadata as a bound jsonb value (`$n::jsonb`). */
function metadataValue(metadata: unknown): SQL {
  return sql`${metadataJson(metadata)}::jsonb`;
}

/** Metadata given as JSON text (the reference accepts it): parsed, or INVALID_INPUT naming the value. */
function parseMetadata(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    const error = invalidInput('memory.metadata', text, 'an object or JSON text of one');
    throw new ElizaSqlError('INVALID_INPUT', error.message, { cause });
  }
}

/** The `memories` row of a prepared memory, every value checked; JSON columns as their jsonb text. */
export interface MemoryRowValues {
  readonly id: UUID;
  readonly type: string;
  readonly content: string;
  readonly metadata: string;
  readonly entityId: UUID | null;
  readonly roomId: UUID | null;
  readonly worldId: UUID | null;
  readonly agentId: UUID;
  /** As given, else true; the near-duplicate rule may set it before the insert. */
  unique: boolean;
  readonly createdAt: Date;
}

/** A validated memory ready to insert: the row values and its checked embedding (if any). */
export interface PreparedMemory {
  readonly id: UUID;
  readonly values: MemoryRowValues;
  readonly embedding: number[] | undefined;
  readonly memory: Memory;
}

/** Validates and encodes a memory for insertion (no statement runs here). */
export function prepareMemory(
  memory: Memory,
  tableName: string,
  agentId: UUID,
  dimension: EmbeddingDimension,
  id: UUID,
): PreparedMemory {
  if (!memory || typeof memory !== 'object') throw invalidInput('memory', memory, 'a memory object');
  if (typeof tableName !== 'string' || tableName === '')
    throw invalidInput('tableName', tableName, 'a table name');
  assertStorableText('tableName', tableName);
  const createdAt = isGiven(memory.createdAt) ? new Date(memory.createdAt) : new Date();
  if (Number.isNaN(createdAt.getTime()))
    throw invalidInput('memory.createdAt', memory.createdAt, 'a timestamp in ms');
  const embedding =
    memory.embedding === undefined || memory.embedding === null
      ? undefined
      : assertEmbedding('memory.embedding', memory.embedding, dimension);
  return {
    id,
    embedding,
    memory,
    values: {
      id,
      type: tableName,
      content: contentJson(memory.content),
      metadata: metadataJson(memory.metadata),
      // '' is a malformed id, not an absent one.
      entityId: isGiven(memory.entityId) ? assertUuid('memory.entityId', memory.entityId) : null,
      roomId: isGiven(memory.roomId) ? assertUuid('memory.roomId', memory.roomId) : null,
      worldId: isGiven(memory.worldId) ? assertUuid('memory.worldId', memory.worldId) : null,
      agentId: isGiven(memory.agentId) ? assertUuid('memory.agentId', memory.agentId) : agentId,
      unique: memory.unique ?? true,
      createdAt,
    },
  };
}

export { contentValue, metadataValue };
