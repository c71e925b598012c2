import { describe, expect, it } from 'vitest';
import { parseTimestampText } from '../../src/driver/index.js';

describe('parseTimestampText', () => {
  it('reads timestamptz text with hour, minute and second offsets as the exact instant', () => {
    expect(parseTimestampText('2024-05-06 12:38:09.123+05:30')).toEqual(new Date('2024-05-06T07:08:09.123Z'));
    expect(parseTimestampText('2024-05-06 04:38:09-02:30')).toEqual(new Date('2024-05-06T07:08:09.000Z'));
    expect(parseTimestampText('2024-05-06 09:08:09+02')).toEqual(new Date('2024-05-06T07:08:09.000Z'));
    expect(parseTimestampText('1900-01-01 00:19:32+00:19:32')).toEqual(new Date('1900-01-01T00:00:00.000Z'));
    expect(parseTimestampText('1900-01-01 00:19:32+001932')).toEqual(new Date('1900-01-01T00:00:00.000Z'));
  });

  it('reads zoneless timestamp text as UTC wall time, with a space or a T', () => {
    expect(parseTimestampText('2024-05-06 07:08:09.5')).toEqual(new Date('2024-05-06T07:08:09.500Z'));
    expect(parseTimestampText('2024-05-06T07:08:09')).toEqual(new Date('2024-05-06T07:08:09.000Z'));
  });

  it('keeps milliseconds of a microsecond fraction without rounding', () => {
    expect(parseTimestampText('2024-05-06 07:08:09.999999+00')).toEqual(new Date('2024-05-06T07:08:09.999Z'));
    expect(parseTimestampText('2024-05-06 07:08:09.1+00')).toEqual(new Date('2024-05-06T07:08:09.100Z'));
  });

  it('reads date text as UTC midnight', () => {
    expect(parseTimestampText('2024-05-06')).toEqual(new Date('2024-05-06T00:00:00.000Z'));
  });

  it('reads years 1 to 99 as themselves, not 1900-1999', () => {
    expect(parseTimestampText('0001-01-01 00:00:00+00')).toEqual(new Date('0001-01-01T00:00:00.000Z'));
    expect(parseTimestampText('0044-03-15 12:00:00')).toEqual(new Date('0044-03-15T12:00:00.000Z'));
    expect(parseTimestampText('0099-12-31')).toEqual(new Date('0099-12-31T00:00:00.000Z'));
  });

  it('reads BC dates (1 BC is year 0) and years past 9999', () => {
    expect(parseTimestampText('0044-03-15 12:00:00+00 BC')).toEqual(new Date('-000043-03-15T12:00:00.000Z'));
    expect(parseTimestampText('0001-01-01 BC')).toEqual(new Date('0000-01-01T00:00:00.000Z'));
    expect(parseTimestampText('12345-01-02 03:04:05+00')).toEqual(new Date('+012345-01-02T03:04:05.000Z'));
  });

  it('gives an Invalid Date, never a guess, for infinity and text of another DateStyle', () => {
    for (const text of ['infinity', '-infinity', '05/06/2024 07:08:09 UTC', 'Mon May 06 07:08:09 2024', '']) {
      expect(Number.isNaN(parseTimestampText(text).getTime()), text).toBe(true);
    }
  });
});
