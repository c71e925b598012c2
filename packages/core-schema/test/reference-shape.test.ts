import { beforeAll, describe, expect, it } from 'vitest';
import { createReferenceDatabase } from '@eliza-sql/test-support';
import * as referencePackage from '@elizaos/plugin-sql';
import { getTableName } from 'drizzle-orm';
import { SCHEMA_IMPROVEMENTS, type SchemaImprovement, schema } from '../src/index.js';
import { backends, connectTestDb, diskBackends, type TestDb } from './support/backends.js';
import type { TestBackend } from '@eliza-sql/test-support';
import { createCoreSchema } from './support/core-ddl.js';
import { introspectShape, type SchemaShape } from './support/introspect.js';

/** The introspection lines each additive improvement adds to a database (and the reference lacks). */
function improvementLines(
  improvement: SchemaImprovement,
): Pick<SchemaShape, 'columns' | 'constraints' | 'indexes' | 'relations'> {
  const { table, name, definition } = improvement;
  if (improvement.kind === 'table') return { columns: [], constraints: [], indexes: [], relations: [] };
  if (improvement.kind === 'column') {
    if (definition !== 'text' && definition !== 'uuid')
      throw new Error(`Unexpected column definition ${definition}`);
    return {
      columns: [`${table}.${name} ${definition} ${definition} ${definition} nullable=YES default=<none>`],
      constraints: [],
      indexes: [],
      relations: [],
    };
  }
  if (improvement.kind === 'primary-key') {
    const columns = /^PRIMARY KEY (\(.*\))$/.exec(definition)?.[1];
    if (!columns) throw new Error(`Unexpected primary key definition ${definition}`);
    return {
      columns: [],
      constraints: [`${table} ${name} ${definition}`],
      indexes: [`${table} ${name} CREATE UNIQUE INDEX ${name} ON public.${table} USING btree ${columns}`],
      relations: [`${name} i`],
    };
  }
  return {
    columns: [],
    constraints: [],
    indexes: [`${table} ${name} CREATE INDEX ${name} ON public.${table} ${definition}`],
    relations: [`${name} i`],
  };
}

const added = {
  columns: SCHEMA_IMPROVEMENTS.flatMap((it) => improvementLines(it).columns),
  constraints: SCHEMA_IMPROVEMENTS.flatMap((it) => improvementLines(it).constraints),
  indexes: SCHEMA_IMPROVEMENTS.flatMap((it) => improvementLines(it).indexes),
  relations: SCHEMA_IMPROVEMENTS.flatMap((it) => improvementLines(it).relations),
};
const without = (lines: string[], removed: string[]) => lines.filter((line) => !removed.includes(line));
const addedTables = SCHEMA_IMPROVEMENTS.filter((it) => it.kind === 'table').map((it) => it.table);

/** `ours` without the tables the reference lacks: their columns, constraints, indexes and relations. */
function withoutAddedTables(shape: SchemaShape, indexNames: Set<string>): SchemaShape {
  const isAdded = (line: string) =>
    addedTables.some((t) => line.startsWith(`${t}.`) || line.startsWith(`${t} `));
  return {
    columns: shape.columns.filter((line) => !isAdded(line)),
    constraints: shape.constraints.filter((line) => !isAdded(line)),
    indexes: shape.indexes.filter((line) => !isAdded(line)),
    relations: shape.relations.filter((line) => !isAdded(line) && !indexNames.has(line.split(' ')[0] ?? '')),
  };
}

/** The columns of an added table as `name udt_name`, joined by `, ` (its improvement's `definition`). */
function columnsOfTable(shape: SchemaShape, table: string): string {
  return shape.columns
    .filter((line) => line.startsWith(`${table}.`))
    .map((line) => {
      const name = line.slice(table.length + 1, line.indexOf(' '));
      const udt = /^\S+ (?:timestamp with time zone|\S+) (\S+) /.exec(line)?.[1];
      return `${name} ${udt}`;
    })
    .join(', ');
}

/** Lets the reference create its schema on a fresh database of `backend`, and introspects it. */
async function referenceShape(backend: TestBackend<TestDb>): Promise<SchemaShape> {
  const disk = diskBackends.find((candidate) => candidate.name === backend.name);
  if (!disk) throw new Error(`no disk backend ${backend.name}`);
  try {
    const location = await disk.open();
    await createReferenceDatabase({ reference: referencePackage, location });
    const db = await connectTestDb(location);
    try {
      return await introspectShape(db);
    } finally {
      await db.close();
    }
  } finally {
    await disk.cleanup();
  }
}

for (const backend of backends) {
  describe(`shape equals @elizaos/plugin-sql@1.7.2's [${backend.name}]`, () => {
    let reference: SchemaShape;
    let ours: SchemaShape;
    let full: SchemaShape;

    beforeAll(async () => {
      reference = await referenceShape(backend);
      const db = await backend.open();
      try {
        await createCoreSchema(db);
        full = await introspectShape(db);
        const addedIndexNames = new Set(
          full.indexes
            .filter((line) => addedTables.some((t) => line.startsWith(`${t} `)))
            .map((line) => line.split(' ')[1] ?? ''),
        );
        ours = withoutAddedTables(full, addedIndexNames);
      } finally {
        await db.close();
      }
    });

    it('introspected a populated reference schema', () => {
      const tables = new Set(reference.columns.map((line) => line.slice(0, line.indexOf('.'))));
      expect([...tables].sort()).toEqual(
        Object.values(schema)
          .map((table) => getTableName(table))
          .filter((name) => !addedTables.includes(name))
          .sort(),
      );
      expect(reference.columns).toHaveLength(136);
      expect(reference.indexes.length).toBeGreaterThan(25);
      expect(reference.constraints).toContain(
        'participants fk_user FOREIGN KEY (entity_id) REFERENCES entities(id) ON DELETE CASCADE',
      );
    });

    it('has identical columns: order, type (with vector size), nullability, default, apart from the listed additions', () => {
      expect(without(ours.columns, added.columns)).toEqual(reference.columns);
    });

    it('has identical constraints (PK, UNIQUE, FK incl. the duplicate named ones, CHECK) apart from the listed additions', () => {
      expect(without(ours.constraints, added.constraints)).toEqual(reference.constraints);
    });

    it('has identical indexes apart from the listed additions', () => {
      expect(without(ours.indexes, added.indexes)).toEqual(reference.indexes);
    });

    it('has identical relations (tables, indexes, sequences) apart from the listed additions', () => {
      expect(without(ours.relations, added.relations)).toEqual(reference.relations);
    });

    it('has every added table with the columns SCHEMA_IMPROVEMENTS lists, and the reference has none of them', () => {
      for (const improvement of SCHEMA_IMPROVEMENTS.filter((it) => it.kind === 'table')) {
        expect(columnsOfTable(full, improvement.table)).toBe(improvement.definition);
        expect(reference.relations).not.toContain(`${improvement.table} r`);
      }
    });

    it('has every listed addition exactly as SCHEMA_IMPROVEMENTS describes it, and the reference has none', () => {
      for (const kind of ['columns', 'constraints', 'indexes', 'relations'] as const) {
        for (const line of added[kind]) {
          expect(ours[kind]).toContain(line);
          expect(reference[kind]).not.toContain(line);
        }
      }
    });
  });
}
