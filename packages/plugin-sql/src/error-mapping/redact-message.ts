import type { StatementPayload } from './statement-payload.js';

/** Bound values shorter than this are not searched for (they would blank out ordinary words). */
const MIN_SECRET_LENGTH = 4;
const REDACTED = '…';

/** Drizzle's wrapper message: the whole statement and every bound value. */
const DRIZZLE_FAILED_QUERY = /Failed query:[\s\S]*?(?:\nparams:[^\n]*|$)/g;

/**
 * PostgreSQL messages that quote the offending value itself (22P02 "invalid input syntax for type
 * uuid: "…"", 22007/22008/22009 date/time values, 22003 "value "…" is out of range", 42601 "at or
 * near "…"", enum and array literals): the quoted part is cut.
 */
const QUOTED_VALUES: ReadonlyArray<[RegExp, string]> = [
  [/\b(syntax|value|literal|range|format)([^":\n]*): "[\s\S]*$/, `$1$2: "${REDACTED}"`],
  [/\bvalue "[\s\S]*?" is out of range/g, `value "${REDACTED}" is out of range`],
  [/\bat or near "[\s\S]*?"/g, `at or near "${REDACTED}"`],
];

/** The text forms a bound value can take in a message. */
function textForms(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return [String(value)];
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? [] : [value.toISOString(), String(value)];
  if (value === null || value === undefined || ArrayBuffer.isView(value)) return [];
  try {
    const json = JSON.stringify(value);
    return Array.isArray(value) ? [json, value.join(',')] : [json];
  } catch {
    return [];
  }
}

/**
 * `message` made fit for an error or a log line: without Drizzle's "Failed query … params: …" text,
 * without the statement text and the call's bound values (each occurrence replaced by `…`), without
 * the value PostgreSQL quotes in its own message, on one line and at most `max` characters.
 */
export function redactMessage(message: string, payload: StatementPayload, max: number): string {
  let text = message.replace(DRIZZLE_FAILED_QUERY, 'a statement failed');
  const secrets = payload.params.flatMap(textForms);
  if (payload.statement) secrets.push(payload.statement.trim());
  for (const secret of secrets.sort((a, b) => b.length - a.length)) {
    if (secret.length >= MIN_SECRET_LENGTH && text.includes(secret)) text = text.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of QUOTED_VALUES) text = text.replace(pattern, replacement);
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1)}${REDACTED}` : text;
}
