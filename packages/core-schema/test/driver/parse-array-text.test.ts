import { describe, expect, it } from 'vitest';
import { parseArrayText } from '../../src/driver/index.js';

const asText = (value: string) => value;

describe('parseArrayText', () => {
  it('reads unquoted NULL as null and a quoted "NULL" as the text', () => {
    expect(parseArrayText('{1,NULL,3}', Number)).toEqual([1, null, 3]);
    expect(parseArrayText('{"NULL",NULL,"null"}', asText)).toEqual(['NULL', null, 'null']);
  });

  it('unescapes quotes and backslashes inside quoted elements, and keeps braces and commas there', () => {
    expect(parseArrayText('{"a b","c,\\"d\\"","C:\\\\Users\\\\","{x}",""}', asText)).toEqual([
      'a b',
      'c,"d"',
      'C:\\Users\\',
      '{x}',
      '',
    ]);
  });

  it('hands every element to the element parser (json elements)', () => {
    expect(parseArrayText('{"{\\"a\\": 1}",NULL}', (v) => JSON.parse(v))).toEqual([{ a: 1 }, null]);
  });

  it('nests multi-dimensional arrays and skips explicit bounds', () => {
    expect(parseArrayText('{{1,2},{3,NULL}}', Number)).toEqual([
      [1, 2],
      [3, null],
    ]);
    expect(parseArrayText('[0:1]={7,8}', Number)).toEqual([7, 8]);
    expect(parseArrayText('{}', asText)).toEqual([]);
  });
});
