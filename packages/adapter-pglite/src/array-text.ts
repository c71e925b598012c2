/**
 * Reads the text form of a PostgreSQL array (`{1,NULL,"a b",{2,3}}`). PGlite's own array parser turns
 * an unquoted NULL element into the string 'NULL' handed to the element parser (so `int8[]` and
 * `jsonb[]` with a NULL throw); this one yields `null` for it and parses every other element.
 */
const TOKEN = /"((?:[^"\\]|\\.)*)"|([{},])|([^{},"]+)/g;

export function parseArrayText(text: string, element: (value: string) => unknown): unknown[] {
  const body = text.startsWith('[') ? text.slice(text.indexOf('=') + 1) : text; // [1:2]={...}
  const open: unknown[][] = [];
  let root: unknown[] = [];
  for (const [, quoted, punct, bare] of body.matchAll(TOKEN)) {
    const current = open.at(-1);
    if (punct === '{') {
      const nested: unknown[] = [];
      if (current) current.push(nested);
      else root = nested;
      open.push(nested);
    } else if (punct === '}') {
      open.pop();
    } else if (quoted !== undefined) {
      current?.push(element(quoted.replace(/\\(.)/g, '$1')));
    } else if (bare !== undefined) {
      current?.push(bare === 'NULL' ? null : element(bare));
    }
  }
  return root;
}
