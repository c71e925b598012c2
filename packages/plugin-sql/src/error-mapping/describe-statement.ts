import type { StatementPayload } from './statement-payload.js';

const MAX_STATEMENT_LENGTH = 4_000;
const MAX_PARAMETERS = 100;

/** One bound value by type and size only. */
function describeParameter(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return `string(${value.length})`;
  if (value instanceof Date) return 'date';
  if (ArrayBuffer.isView(value)) return `bytes(${value.byteLength})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (typeof value === 'object') return `object(${Object.keys(value).length} keys)`;
  return typeof value;
}

/**
 * A failed statement for a debug line, with no value in it: the text with its `$n` placeholders (and
 * any quoted literal written into it replaced by `'…'`), cut at 4,000 characters; each bound value
 * as its type and length (`$2: string(36)`), at most 100 of them.
 */
export function describeStatement(payload: StatementPayload): { statement: string; parameters: string[] } {
  const text = (payload.statement ?? '')
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/\s+/g, ' ')
    .trim();
  const statement =
    text.length > MAX_STATEMENT_LENGTH
      ? `${text.slice(0, MAX_STATEMENT_LENGTH)}… (${text.length} chars)`
      : text;
  const parameters = payload.params
    .slice(0, MAX_PARAMETERS)
    .map((value, index) => `$${index + 1}: ${describeParameter(value)}`);
  if (payload.params.length > MAX_PARAMETERS)
    parameters.push(`… ${payload.params.length - MAX_PARAMETERS} more`);
  return { statement, parameters };
}
