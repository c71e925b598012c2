import type { PGlite } from '@electric-sql/pglite';

const DATA_ROW = 0x44; // 'D'
/** The frontend messages whose responses can hold rows: Execute ('E') and a simple Query ('Q'). */
const RETURNS_ROWS: ReadonlySet<number> = new Set([0x45, 0x51]);

/** True when the field's bytes at `at` start with U+FEFF encoded as UTF-8 (EF BB BF). */
function startsWithBom(bytes: Uint8Array, at: number, length: number): boolean {
  return length >= 3 && bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf;
}

type Message = { name: string; fields?: Array<string | null> };

/**
 * Puts back the U+FEFF that PGlite's protocol parser removed from the start of a field. The raw
 * response holds the same DataRow messages, in the same order, as the parsed ones; a field whose bytes
 * start with EF BB BF lost exactly one U+FEFF (the decoder removes a leading byte-order mark only).
 */
function restoreLeadingBoms(messages: readonly Message[], data: Uint8Array): void {
  const rows = messages.filter((message) => message.name === 'dataRow');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let row = 0;
  for (let at = 0; at + 5 <= data.length; at += 1 + view.getUint32(at + 1)) {
    if (data[at] !== DATA_ROW) continue;
    const fields = rows[row++]?.fields;
    if (!fields) return; // the parsed messages stopped early (an error): nothing left to repair
    let field = at + 7; // type byte, int32 length, int16 field count
    const count = view.getInt16(at + 5);
    for (let index = 0; index < count; index++) {
      const length = view.getInt32(field);
      field += 4;
      if (startsWithBom(data, field, length)) fields[index] = `\uFEFF${fields[index]}`;
      if (length > 0) field += length;
    }
  }
}

/**
 * Makes an instance this package owns return text values exactly: PGlite decodes each field with a
 * `TextDecoder` that drops a leading byte-order mark (U+FEFF), so `'\uFEFFabc'` read back as `'abc'`,
 * in every column, in drizzle's queries and in raw `query`/`exec` alike. Every query runs its protocol
 * messages through `execProtocolStream`; this instance's version runs those that return rows through
 * `execProtocol`, which also returns the raw response, and puts the removed marks back. Installed once
 * per instance.
 */
export function keepByteOrderMarks(pglite: PGlite): void {
  const stream = pglite.execProtocolStream.bind(pglite);
  pglite.execProtocolStream = async (message, options) => {
    // Parse, Bind, Describe and Sync answer no rows: they keep PGlite's own path (no raw copy).
    if (!RETURNS_ROWS.has(message[0] ?? 0)) return stream(message, options);
    const { messages, data } = await pglite.execProtocol(message, options);
    restoreLeadingBoms(messages as readonly Message[], data);
    return messages;
  };
}
