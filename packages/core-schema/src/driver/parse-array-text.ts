/** An array as PostgreSQL nests it: elements, `null` for NULL, and inner arrays. */
export type NestedArray<T> = Array<T | null | NestedArray<T>>;

/**
 * PostgreSQL's text form of an array (`{a,"b \"c\"",NULL,{1,2}}`, optionally with bounds `[0:1]=`) as
 * nested arrays, each element's text through `element`. An unquoted `NULL` is `null`; a quoted `"NULL"`
 * is the text. (PGlite's parser hands `'NULL'` to the element parser; drizzle's drops every backslash.)
 */
export function parseArrayText<T>(text: string, element: (value: string) => T): NestedArray<T> {
  let at = text.startsWith('[') ? text.indexOf('=') + 1 : 0;
  const list = (): NestedArray<T> => {
    const out: NestedArray<T> = [];
    at++; // '{'
    while (at < text.length) {
      const char = text[at];
      if (char === '}') {
        at++;
        return out;
      }
      if (char === ',') {
        at++;
      } else if (char === '{') {
        out.push(list());
      } else if (char === '"') {
        let value = '';
        for (at++; at < text.length && text[at] !== '"'; at++) {
          if (text[at] === '\\') at++;
          value += text[at];
        }
        at++; // closing '"'
        out.push(element(value));
      } else {
        let end = at;
        while (end < text.length && text[end] !== ',' && text[end] !== '}') end++;
        const bare = text.slice(at, end);
        out.push(bare === 'NULL' ? null : element(bare));
        at = end;
      }
    }
    return out;
  };
  return list();
}
