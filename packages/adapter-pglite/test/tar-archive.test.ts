import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import {
  InvalidTarArchiveError,
  readTarArchive,
  type TarEntry,
  writeTarArchive,
} from '../src/tar-archive.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

const sample: TarEntry[] = [
  { type: 'directory', path: 'base', mode: 0o700 },
  { type: 'file', path: 'base/1', mode: 0o600, data: bytes('x'.repeat(513)) },
  { type: 'file', path: 'PG_VERSION', mode: 0o644, data: bytes('17\n') },
  { type: 'file', path: 'empty', mode: 0o600, data: new Uint8Array(0) },
];

/** Rewrites the header checksum of the block at `offset` after a deliberate edit. */
function resum(archive: Uint8Array, offset: number): void {
  const block = archive.subarray(offset, offset + 512);
  block.fill(32, 148, 156);
  const sum = block.reduce((a, b) => a + b, 0);
  block.set(bytes(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
}

describe('tar archive', () => {
  it('round-trips directories and files (sizes around the 512-byte block, empty files)', () => {
    const archive = writeTarArchive(sample);
    expect(archive.length % 512).toBe(0);
    const read = readTarArchive(archive);
    expect(read.map((e) => [e.type, e.path, e.mode])).toEqual(sample.map((e) => [e.type, e.path, e.mode]));
    expect(read.map((e) => (e.type === 'file' ? text(e.data) : null))).toEqual(
      sample.map((e) => (e.type === 'file' ? text(e.data) : null)),
    );
  });

  it('writes the same bytes for the same entries (no timestamps)', () => {
    expect(writeTarArchive(sample)).toEqual(writeTarArchive(sample));
  });

  it('reads what PGlite dumpDataDir writes, and PGlite loadDataDir reads what it writes', async () => {
    const source = await PGlite.create();
    await source.exec("create table t (v text); insert into t values ('kept')");
    await source.query('checkpoint');
    const dump = new Uint8Array(await (await source.dumpDataDir('none')).arrayBuffer());
    await source.close();
    const entries = readTarArchive(dump);
    expect(entries.some((e) => e.type === 'file' && e.path === 'PG_VERSION')).toBe(true);
    expect(entries.some((e) => e.type === 'directory' && e.path === 'base')).toBe(true);

    const copy = await PGlite.create({ loadDataDir: new Blob([writeTarArchive(entries)]) });
    expect((await copy.query<{ v: string }>('select v from t')).rows).toEqual([{ v: 'kept' }]);
    await copy.close();
  });

  it.each([
    ['a path leaving the root', (a: Uint8Array) => a.set(bytes('../etc/x\0'), 0), /not a relative path/],
    ['a symbolic link', (a: Uint8Array) => a.set(bytes('2'), 156), /type "2"/],
  ])('rejects %s with INVALID_TAR_ARCHIVE', (_name, edit, message) => {
    const archive = writeTarArchive([{ type: 'file', path: 'f', mode: 0o600, data: bytes('data') }]);
    edit(archive);
    resum(archive, 0);
    const error = (() => {
      try {
        return readTarArchive(archive);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidTarArchiveError);
    expect(error).toMatchObject({ code: 'INVALID_TAR_ARCHIVE', message: expect.stringMatching(message) });
  });

  it('rejects a corrupted header, a truncated member and a missing end marker', () => {
    const archive = writeTarArchive(sample);
    const corrupt = archive.slice();
    corrupt[1] = (corrupt[1] ?? 0) ^ 1;
    expect(() => readTarArchive(corrupt)).toThrow(/checksum mismatch at member "\/case"/);
    expect(() => readTarArchive(archive.subarray(0, 512 * 2))).toThrow(
      /needs 513 bytes, the archive ends first/,
    );
    expect(() => readTarArchive(archive.subarray(0, archive.length - 1024))).toThrow(
      /ends without its end-of-archive blocks/,
    );
  });

  it('refuses to write a path over 100 bytes instead of truncating it', () => {
    const path = `${'d/'.repeat(60)}f`;
    expect(() => writeTarArchive([{ type: 'file', path, mode: 0o600, data: new Uint8Array(0) }])).toThrow(
      InvalidTarArchiveError,
    );
  });
});
