/**
 * The ustar subset a PostgreSQL data directory needs: directories and regular files, paths inside
 * the archive root. Written by this package's build (the bundled cluster seed) and read when a new
 * data directory is created from it; PGlite's own `loadDataDir` reads the same format.
 */

/** One member of an archive. */
export type TarEntry =
  | { readonly type: 'directory'; readonly path: string; readonly mode: number }
  | { readonly type: 'file'; readonly path: string; readonly mode: number; readonly data: Uint8Array };

/** The archive is not one this module writes (corrupt, truncated, or holding links/devices). */
export class InvalidTarArchiveError extends Error {
  readonly code = 'INVALID_TAR_ARCHIVE' as const;
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`invalid tar archive: ${detail}`, options);
    this.name = 'InvalidTarArchiveError';
  }
}

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A relative path made of plain segments: no `..`, no empty or `.` segments after normalising. */
function normalisePath(raw: string): string {
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.some((s) => s === '..')) {
    throw new InvalidTarArchiveError(
      `member path ${JSON.stringify(raw)} is not a relative path inside the archive`,
    );
  }
  return segments.join('/');
}

function header(entry: TarEntry): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const put = (offset: number, text: string) => block.set(encoder.encode(text), offset);
  // Rooted and without a trailing slash, as PGlite's dumpDataDir writes: its loadDataDir appends the
  // name to the data dir path as it is.
  const path = `/${normalisePath(entry.path)}`;
  const name = encoder.encode(path);
  if (name.length > 100)
    throw new InvalidTarArchiveError(`member path ${JSON.stringify(path)} is over 100 bytes`);
  block.set(name, 0);
  put(100, octal(entry.mode & 0o7777, 8));
  put(108, octal(0, 8)); // uid
  put(116, octal(0, 8)); // gid
  put(124, octal(entry.type === 'file' ? entry.data.length : 0, 12));
  put(136, octal(0, 12)); // mtime: fixed, so the same tree gives the same bytes
  put(148, '        '); // checksum placeholder: eight spaces while summing
  put(156, entry.type === 'file' ? '0' : '5');
  put(257, 'ustar\x0000');
  const sum = block.reduce((a, b) => a + b, 0);
  put(148, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** Serialises `entries` in order as a ustar archive (with the two zero blocks that end it). */
export function writeTarArchive(entries: Iterable<TarEntry>): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (const entry of entries) {
    const head = header(entry);
    parts.push(head);
    size += BLOCK;
    if (entry.type === 'file') {
      const padded = Math.ceil(entry.data.length / BLOCK) * BLOCK;
      const body = new Uint8Array(padded);
      body.set(entry.data);
      parts.push(body);
      size += padded;
    }
  }
  parts.push(new Uint8Array(BLOCK * 2));
  size += BLOCK * 2;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function field(block: Uint8Array, offset: number, length: number): string {
  const bytes = block.subarray(offset, offset + length);
  const end = bytes.indexOf(0);
  return decoder.decode(end === -1 ? bytes : bytes.subarray(0, end));
}

function number(block: Uint8Array, offset: number, length: number, what: string, path: string): number {
  const text = field(block, offset, length).trim();
  if (!/^[0-7]*$/.test(text)) {
    throw new InvalidTarArchiveError(
      `${what} of ${JSON.stringify(path)} is ${JSON.stringify(text)}, not octal`,
    );
  }
  return text === '' ? 0 : Number.parseInt(text, 8);
}

/**
 * The members of a ustar archive (PGlite's `dumpDataDir` and {@link writeTarArchive} both write one).
 * File data are views into `archive`, not copies. Rejects bad checksums, truncation, paths leaving the
 * archive root, and member types other than files and directories.
 */
export function readTarArchive(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const block = archive.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) return entries; // end-of-archive marker
    const rawName = field(block, 0, 100);
    const prefix = field(block, 345, 155);
    const raw = prefix ? `${prefix}/${rawName}` : rawName;
    const expected = number(block, 148, 8, 'checksum', raw);
    const actual = block.reduce((sum, b, i) => sum + (i >= 148 && i < 156 ? 32 : b), 0);
    if (expected !== actual)
      throw new InvalidTarArchiveError(`checksum mismatch at member ${JSON.stringify(raw)}`);
    const path = normalisePath(raw);
    const mode = number(block, 100, 8, 'mode', raw);
    const size = number(block, 124, 12, 'size', raw);
    const type = String.fromCharCode(block[156] ?? 0);
    offset += BLOCK;
    if (type === '5') {
      entries.push({ type: 'directory', path, mode });
    } else if (type === '0' || type === '\0') {
      if (offset + size > archive.length) {
        throw new InvalidTarArchiveError(
          `member ${JSON.stringify(raw)} needs ${size} bytes, the archive ends first`,
        );
      }
      entries.push({ type: 'file', path, mode, data: archive.subarray(offset, offset + size) });
      offset += Math.ceil(size / BLOCK) * BLOCK;
    } else {
      throw new InvalidTarArchiveError(
        `member ${JSON.stringify(raw)} has type ${JSON.stringify(type)}; only files and directories are supported`,
      );
    }
  }
  throw new InvalidTarArchiveError('the archive ends without its end-of-archive blocks');
}
