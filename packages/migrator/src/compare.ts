/** Equivalence of snapshot objects across the desired (Drizzle) and live (catalog) forms. */
import { canonicalJson } from './canonical-json.js';
import { normalizeExpression } from './sql-text.js';
import type {
  CheckSnapshot,
  ForeignKeySnapshot,
  IndexKeySnapshot,
  IndexSnapshot,
  UniqueSnapshot,
} from './types.js';

const same = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** The JSON value of a `'...'::jsonb` / `'...'::json` default, or undefined. */
function jsonDefault(text: string): unknown {
  const m = /^'([\s\S]*)'::jsonb?$/.exec(text.trim());
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]!.replaceAll("''", "'"));
  } catch {
    return undefined;
  }
}

export function sameDefault(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b || (a ?? b)?.toUpperCase() === 'NULL';
  const ja = jsonDefault(a);
  if (ja !== undefined) {
    const jb = jsonDefault(b);
    if (jb !== undefined) return canonicalJson(ja) === canonicalJson(jb);
  }
  return normalizeExpression(a) === normalizeExpression(b);
}

export function sameForeignKey(a: ForeignKeySnapshot, b: ForeignKeySnapshot): boolean {
  return (
    same(a.columns, b.columns) &&
    a.refSchema === b.refSchema &&
    a.refTable === b.refTable &&
    same(a.refColumns, b.refColumns) &&
    a.onDelete === b.onDelete &&
    a.onUpdate === b.onUpdate
  );
}

export function sameUnique(a: UniqueSnapshot, b: UniqueSnapshot): boolean {
  return same(a.columns, b.columns) && a.nullsNotDistinct === b.nullsNotDistinct;
}

export function sameCheck(a: CheckSnapshot, b: CheckSnapshot): boolean {
  return normalizeExpression(a.expression) === normalizeExpression(b.expression);
}

function effectiveNulls(k: IndexKeySnapshot): 'first' | 'last' {
  return k.nulls ?? (k.order === 'desc' ? 'first' : 'last');
}

function sameKey(desired: IndexKeySnapshot, live: IndexKeySnapshot): boolean {
  if (desired.isExpression !== live.isExpression) return false;
  const exprEqual = desired.isExpression
    ? normalizeExpression(desired.expression) === normalizeExpression(live.expression)
    : desired.expression === live.expression;
  return (
    exprEqual &&
    (desired.opclass === null || live.opclass === null || desired.opclass === live.opclass) &&
    desired.order === live.order &&
    effectiveNulls(desired) === effectiveNulls(live)
  );
}

/** Whether the live index implements the desired one (opclass omitted in Drizzle matches the default). */
export function sameIndex(desired: IndexSnapshot, live: IndexSnapshot): boolean {
  return (
    desired.unique === live.unique &&
    desired.method === live.method &&
    desired.keys.length === live.keys.length &&
    desired.keys.every((k, i) => sameKey(k, live.keys[i]!)) &&
    normalizeExpression(desired.where) === normalizeExpression(live.where) &&
    Object.entries(desired.with).every(([k, v]) => String(live.with[k]).toLowerCase() === v.toLowerCase())
  );
}
