/**
 * PostgreSQL's text form (ISO DateStyle) of a `timestamp`, `timestamptz` or `date`: date, optional
 * clock with any fraction, optional offset (hours, minutes, seconds: historical zones print seconds),
 * optional ` BC`.
 */
const TEXT =
  /^(\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?)?)?( BC)?$/;

/**
 * The exact instant of a `timestamp` / `timestamptz` / `date` text; a value without offset is UTC wall
 * time (a `date` is UTC midnight). `new Date(text)`, which PGlite and Drizzle use, reads years 0–99 as
 * 1900–1999, BC dates and offsets with seconds as invalid, and zoneless text in the local zone.
 * Any other text (`infinity`, another DateStyle) is an Invalid Date, never a guess.
 */
export function parseTimestampText(text: string): Date {
  const match = TEXT.exec(text);
  if (!match) return new Date(Number.NaN);
  const [
    ,
    year,
    month,
    day,
    hours,
    minutes,
    seconds,
    fraction,
    sign,
    offsetHours,
    offsetMinutes,
    offsetSeconds,
    bc,
  ] = match;
  const milliseconds = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  // Date.UTC maps years 0–99 to 1900–1999, so the year is set on its own (BC 1 is year 0).
  const date = new Date(
    Date.UTC(
      2000,
      Number(month) - 1,
      Number(day),
      Number(hours ?? 0),
      Number(minutes ?? 0),
      Number(seconds ?? 0),
      milliseconds,
    ),
  );
  date.setUTCFullYear(bc === undefined ? Number(year) : 1 - Number(year));
  if (sign) {
    const offset =
      (Number(offsetHours) * 3600 + Number(offsetMinutes ?? 0) * 60 + Number(offsetSeconds ?? 0)) * 1000;
    // Local wall time = UTC + offset.
    date.setTime(date.getTime() - (sign === '-' ? -offset : offset));
  }
  return date;
}
