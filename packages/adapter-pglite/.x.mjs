import { mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
const m = await import('@eliza-sql/adapter-pglite');
const entries = m.readTarArchive(m.readBundledClusterSeed());
const mode = process.argv[2]; const dir = '/tmp/exp/xx';
rmSync(dir, { recursive: true, force: true });
let t = performance.now();
mkdirSync(dir);
if (mode === 'sync') { for (const e of entries) { const p = join(dir, e.path); if (e.type === 'directory') mkdirSync(p, { recursive: true }); else writeFileSync(p, e.data); } }
else { for (const e of entries) if (e.type === 'directory') mkdirSync(join(dir, e.path), { recursive: true });
  await Promise.all(entries.filter(e => e.type === 'file').map(e => writeFile(join(dir, e.path), e.data))); }
console.log(mode, performance.now() - t | 0);
