/**
 * PostgreSQL's text form of `timestamptz` / `timestamp` / `date` (ISO DateStyle) as a Date. PGlite's own
 * parser is `new Date(text)`, which reads years below 100 as 19xx/20xx (`0044` → 2044), returns an
 * Invalid Date for the seconds in historical zone offsets (`+00:19:32`), and reads a zoneless timestamp in
 * the process's local zone. This rewrites the text as strict ISO 8601 (which `Date` parses exactly, with
 * six-digit years where needed), with `Z` when there is no offset (so `timestamp` is read as UTC).
 */
const PATTERN =
  /^(\d{4,})-(\d\d)-(\d\d)(?: (\d\d:\d\d:\d\d)(\.\d+)?(?:([+-])(\d\d)(?::(\d\d))?(?::(\d\d))?)?)?( BC)?$/;

function isoYear(digits: string, bc: boolean): string {
  const year = bc ? 1 - Number(digits) : Number(digits);
  if (year >= 0 && year <= 9999) return String(year).padStart(4, '0');
  return `${year < 0 ? '-' : '+'}${String(Math.abs(year)).padStart(6, '0')}`;
}

export function parseDateText(text: string): Date {
  const m = PATTERN.exec(text);
  if (!m) return new Date(text === 'infinity' ? Number.POSITIVE_INFINITY : Number.NaN);
  const [
    ,
    year = '',
    month,
    day,
    clock = '00:00:00',
    fraction = '',
    sign,
    hours,
    minutes = '00',
    seconds,
    bc,
  ] = m;
  const zone = sign ? `${sign}${hours}:${minutes}` : 'Z';
  const date = new Date(
    `${isoYear(year, bc !== undefined)}-${month}-${day}T${clock}${fraction.slice(0, 4)}${zone}`,
  );
  // ISO offsets have no seconds: apply them here (local = UTC + offset, so UTC = local - offset).
  if (seconds) date.setTime(date.getTime() - (sign === '-' ? -1 : 1) * Number(seconds) * 1000);
  return date;
}
