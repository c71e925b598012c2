/**
 * Warm start: an agent starting again on its existing data directory / database, in this process:
 * createDatabaseAdapter + init() + runPluginMigrations (the runtime's start; the reference migrates in
 * the latter, ours already in init). Bare: PGlite.create with the vector extension + `select 1`, or
 * a postgres.js connection + `select 1`. Medians of interleaved rounds; close() untimed.
 */
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite/vector';
import postgres from 'postgres';
import { type Backend, type CompareRow, compareRow, interleave, type SubjectName } from './compare.js';
import { createPlace, type Place, startAdapter } from './subjects.js';
import { median, uuid } from './support.js';

async function bareStart(place: Place): Promise<() => Promise<void>> {
  if ('dataDir' in place.config) {
    const pg = await PGlite.create({ dataDir: place.config.dataDir, extensions: { vector } });
    await pg.query('select 1');
    return () => pg.close();
  }
  const sql = postgres(place.config.postgresUrl, { max: 1, onnotice: () => {} });
  await sql`select 1`;
  return () => sql.end();
}

export async function benchWarmStart(backend: Backend, rounds: number): Promise<CompareRow[]> {
  const agentId = uuid();
  const places = {} as Record<SubjectName, Place>;
  try {
    for (const name of ['bare', 'reference', 'ours'] as const) places[name] = await createPlace(backend);
    // First starts (untimed): each creates its database.
    await (await startAdapter('reference', places.reference.config, agentId)).close();
    await (await startAdapter('ours', places.ours.config, agentId)).close();
    await (await bareStart(places.bare))();
    const times = { bare: [] as number[], reference: [] as number[], ours: [] as number[] };
    const step = (name: SubjectName) => async () => {
      const t0 = performance.now();
      const close =
        name === 'bare'
          ? await bareStart(places.bare)
          : await startAdapter(name, places[name].config, agentId).then((a) => () => a.close());
      times[name].push(performance.now() - t0);
      await close();
    };
    await interleave(rounds, [
      ['bare', step('bare')],
      ['reference', step('reference')],
      ['ours', step('ours')],
    ]);
    return [
      compareRow({
        backend,
        workload: `warm start (existing ${backend === 'pglite' ? 'data dir' : 'database'})`,
        metric: 'createDatabaseAdapter + init + runPluginMigrations',
        ours: median(times.ours),
        reference: median(times.reference),
        bare: median(times.bare),
        unit: 'ms',
        higherIsBetter: false,
        note: `median of ${rounds} interleaved rounds, in-process; bare: open + select 1`,
      }),
    ];
  } finally {
    for (const place of Object.values(places)) await place.drop();
  }
}
