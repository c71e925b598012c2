import { EMBEDDING_DIMENSIONS, type EmbeddingDimension, isEmbeddingDimension } from '@eliza-sql/core-schema';
import { invalidInput } from '../errors.js';
import { assertStorableJson, assertStorableText } from '../stores/jsonb-value.js';
import { assertEmbedding } from '../stores/memory-row.js';
import { isUuid } from '../validation.js';

/**
 * The kinds of value a public method takes. Each has ONE checker below and one error code per defect,
 * whatever the method:
 * - a value of the wrong JavaScript type, a malformed id/count/offset/threshold/timestamp, `''` where an
 *   id or table name is required: INVALID_INPUT;
 * - a string (or JSON string/key) PostgreSQL cannot store (NUL, lone surrogate), JSON nested too deep or
 *   circular: UNSTORABLE_VALUE;
 * - an embedding of another length than the agent's active dimension: EMBEDDING_DIMENSION_MISMATCH; one
 *   with an element that is not a finite float32 number, or all zeros: INVALID_EMBEDDING_VECTOR.
 */
export type InputKind =
  /** A UUID (8-4-4-4-12 hex). */
  | 'id'
  /** A UUID, or `''`: how a component without a world / source entity reads back (and filters those). */
  | 'idOrEmpty'
  /** An array of UUIDs (`[]` is an empty list). */
  | 'idList'
  /** A row count or limit: a non-negative safe integer (`0` is none). */
  | 'count'
  /** Rows to skip: a non-negative safe integer. */
  | 'offset'
  /** A cosine similarity threshold: a finite number from -1 to 1. */
  | 'similarity'
  /** A Levenshtein edit-count threshold: an integer from 0 to 2147483647 (PostgreSQL's `integer`). */
  | 'editDistance'
  /** Milliseconds since the epoch, within what a timestamp column stores (0001-01-01 to 9999-12-31 UTC). */
  | 'epochMs'
  /** A `Date` within the same range. */
  | 'date'
  /** Either of the two above (agents' `createdAt` / `updatedAt`). */
  | 'epochMsOrDate'
  /** A string PostgreSQL can store (`''` included). */
  | 'text'
  /** A memory table name: a non-empty storable string. */
  | 'tableName'
  /** An array of storable strings. */
  | 'textList'
  /** Entity names: a storable string, or an iterable whose items are stored as text (as the reference). */
  | 'names'
  /** Any value jsonb stores exactly (`undefined` has none). */
  | 'json'
  /** A JSON object (not an array) that jsonb stores exactly. */
  | 'jsonObject'
  /** An embedding of the agent's active dimension. */
  | 'embedding'
  /** `true` or `false`. */
  | 'boolean'
  /** A function (a callback the adapter runs). */
  | 'callback'
  /** One of the supported embedding dimensions. */
  | 'dimension'
  /** Anything: the parameter is not stored or compared (migration options, schema objects). */
  | 'any';

/** A parameter's (or field's) expected value: a kind, or a structure of them. */
export type InputSpec =
  | InputKind
  /** Absent allowed: `undefined` and `null` mean "not given"; anything else must match `optional`. */
  | { readonly optional: InputSpec }
  /** An object whose listed fields must match (other fields are not looked at). */
  | { readonly object: InputFields }
  /** An array whose every element must match. */
  | { readonly listOf: InputSpec }
  /** Exactly one of these values. */
  | { readonly oneOf: ReadonlyArray<string | null> };

/** The checked fields of an object parameter. */
export type InputFields = { readonly [field: string]: InputSpec };

/** What a check needs to know of the adapter. */
export interface InputContext {
  /** The agent's active embedding dimension (embeddings are checked against it). */
  readonly embeddingDimension: EmbeddingDimension;
}

type Checker = (path: string, value: unknown, context: InputContext) => void;

/** The earliest and latest instants a timestamp column round-trips (its ISO text has 4-digit years). */
export const MIN_TIMESTAMP_MS = -62_135_596_800_000;
export const MAX_TIMESTAMP_MS = 253_402_300_799_999;
const TIMESTAMP_RANGE = 'from 0001-01-01 to 9999-12-31 UTC';
const MAX_INT4 = 2_147_483_647;

function nonNegativeInteger(path: string, value: unknown, max = Number.MAX_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw invalidInput(path, value, `an integer from 0 to ${max}`);
  }
}

function inTimestampRange(path: string, value: unknown, ms: number): void {
  if (!Number.isFinite(ms) || ms < MIN_TIMESTAMP_MS || ms > MAX_TIMESTAMP_MS) {
    throw invalidInput(
      path,
      value,
      `a timestamp ${TIMESTAMP_RANGE} (${MIN_TIMESTAMP_MS} to ${MAX_TIMESTAMP_MS} ms)`,
    );
  }
}

function epochMs(path: string, value: unknown): void {
  if (typeof value !== 'number') throw invalidInput(path, value, 'a timestamp in ms since the epoch');
  inTimestampRange(path, value, value);
}

function date(path: string, value: unknown): void {
  if (!(value instanceof Date)) throw invalidInput(path, value, 'a Date');
  inTimestampRange(path, value, value.getTime());
}

function text(path: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') throw invalidInput(path, value, 'a string');
  assertStorableText(path, value);
}

function array(path: string, value: unknown, of: string): asserts value is unknown[] {
  if (!Array.isArray(value)) throw invalidInput(path, value, `an array of ${of}`);
}

/** One checker per kind. */
const CHECKERS: { readonly [kind in InputKind]: Checker } = {
  id(path, value) {
    if (!isUuid(value)) throw invalidInput(path, value, 'a UUID (8-4-4-4-12 hex)');
  },
  idOrEmpty(path, value) {
    if (value !== '' && !isUuid(value)) throw invalidInput(path, value, "a UUID (8-4-4-4-12 hex) or ''");
  },
  idList(path, value) {
    array(path, value, 'UUIDs');
    value.forEach((item, index) => {
      if (!isUuid(item)) throw invalidInput(`${path}[${index}]`, item, 'a UUID (8-4-4-4-12 hex)');
    });
  },
  count: (path, value) => nonNegativeInteger(path, value),
  offset: (path, value) => nonNegativeInteger(path, value),
  similarity(path, value) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < -1 || value > 1) {
      throw invalidInput(path, value, 'a cosine similarity from -1 to 1');
    }
  },
  editDistance: (path, value) => nonNegativeInteger(path, value, MAX_INT4),
  epochMs,
  date,
  epochMsOrDate(path, value) {
    if (value instanceof Date) date(path, value);
    else epochMs(path, value);
  },
  text,
  tableName(path, value) {
    text(path, value);
    if (value === '') throw invalidInput(path, value, 'a table name (a non-empty string)');
  },
  textList(path, value) {
    array(path, value, 'strings');
    value.forEach((item, index) => {
      text(`${path}[${index}]`, item);
    });
  },
  names(path, value) {
    if (typeof value === 'string') return text(path, value);
    if (value === null || typeof value !== 'object' || !(Symbol.iterator in value)) {
      throw invalidInput(path, value, 'a name or an array of names');
    }
    // The reference stores any iterable's items as text (`String(item)`), so that text must be storable.
    let index = 0;
    for (const item of value as Iterable<unknown>) assertStorableText(`${path}[${index++}]`, String(item));
  },
  json(path, value) {
    if (value === undefined) throw invalidInput(path, value, 'a JSON value (undefined has none)');
    assertStorableJson(path, value);
  },
  jsonObject(path, value) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw invalidInput(path, value, 'a JSON object');
    }
    assertStorableJson(path, value);
  },
  embedding(path, value, context) {
    assertEmbedding(path, value, context.embeddingDimension);
  },
  boolean(path, value) {
    if (typeof value !== 'boolean') throw invalidInput(path, value, 'a boolean');
  },
  callback(path, value) {
    if (typeof value !== 'function') throw invalidInput(path, value, 'a function');
  },
  dimension(path, value) {
    if (!isEmbeddingDimension(value)) {
      throw invalidInput(path, value, `one of ${EMBEDDING_DIMENSIONS.join(', ')}`);
    }
  },
  any: () => {},
};

/** Checks `value` (named `path` in errors) against `spec`; throws the typed error of the first defect. */
export function checkInput(spec: InputSpec, path: string, value: unknown, context: InputContext): void {
  if (typeof spec === 'string') {
    CHECKERS[spec](path, value, context);
    return;
  }
  if ('optional' in spec) {
    if (value !== undefined && value !== null) checkInput(spec.optional, path, value, context);
    return;
  }
  if ('oneOf' in spec) {
    if (!spec.oneOf.includes(value as string | null)) {
      throw invalidInput(path, value, `one of ${spec.oneOf.map((v) => JSON.stringify(v)).join(', ')}`);
    }
    return;
  }
  if ('listOf' in spec) {
    array(path, value, 'items');
    value.forEach((item, index) => {
      checkInput(spec.listOf, `${path}[${index}]`, item, context);
    });
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidInput(path, value, 'an object');
  }
  const record = value as Record<string, unknown>;
  for (const [field, fieldSpec] of Object.entries(spec.object)) {
    checkInput(fieldSpec, `${path}.${field}`, record[field], context);
  }
}
