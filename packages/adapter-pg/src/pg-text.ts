/**
 * Parsers for the PostgreSQL text format of the types drizzle-orm's postgres-js driver leaves as
 * strings (it replaces postgres.js's date parsers with the identity so its own column mappers work).
 */

const TIMESTAMP =
  /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$/;
const DATE = /^(\d{4,})-(\d\d)-(\d\d)( BC)?$/;

function utc(year: number, bc: boolean, month: number, day: number, h = 0, m = 0, s = 0, ms = 0): Date {
  const date = new Date(Date.UTC(2000, month - 1, day, h, m, s, ms));
  date.setUTCFullYear(bc ? 1 - year : year);
  return date;
}

/** `timestamp` / `timestamptz` text (ISO DateStyle) to a Date; a value without offset is read as UTC. */
export function parseTimestamp(text: string): Date {
  const match = TIMESTAMP.exec(text);
  if (!match) return new Date(text === 'infinity' ? Number.POSITIVE_INFINITY : Number.NaN);
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os, bc] = match;
  const ms = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  const date = utc(Number(y), bc !== undefined, Number(mo), Number(d), Number(h), Number(mi), Number(s), ms);
  if (sign) {
    const offset = (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) * 1000;
    date.setTime(date.getTime() - (sign === '-' ? -offset : offset));
  }
  return date;
}

/** `date` text to a Date at UTC midnight. */
export function parseDate(text: string): Date {
  const match = DATE.exec(text);
  if (!match) return new Date(text === 'infinity' ? Number.POSITIVE_INFINITY : Number.NaN);
  const [, y, mo, d, bc] = match;
  return utc(Number(y), bc !== undefined, Number(mo), Number(d));
}

export type NestedArray<T> = Array<T | null | NestedArray<T>>;

/** A PostgreSQL array literal (`{a,"b c",NULL,{1,2}}`) to nested arrays, each element through `element`. */
export function parseArrayLiteral<T>(text: string, element: (value: string) => T): NestedArray<T> {
  let i = text.startsWith('[') ? text.indexOf('=') + 1 : 0; // skip explicit bounds: [0:1]={...}
  const parse = (): NestedArray<T> => {
    const out: NestedArray<T> = [];
    i++; // '{'
    while (i < text.length) {
      const c = text[i];
      if (c === '}') {
        i++;
        return out;
      }
      if (c === ',') {
        i++;
      } else if (c === '{') {
        out.push(parse());
      } else if (c === '"') {
        let value = '';
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') i++;
          value += text[i];
          i++;
        }
        i++;
        out.push(element(value));
      } else {
        let end = i;
        while (end < text.length && text[end] !== ',' && text[end] !== '}') end++;
        const raw = text.slice(i, end);
        out.push(raw === 'NULL' ? null : element(raw));
        i = end;
      }
    }
    return out;
  };
  return parse();
}
