import { uuid } from '@eliza-sql/test-support';
import { AgentRuntime, addLogListener, type LogEntry } from '@elizaos/core';
import { describe, expect, it } from 'vitest';
import sqlPlugin, { createDatabaseAdapter, plugin, SqlDatabaseAdapter } from '../../src/index.js';
import { locationOf } from '../../src/plugin.js';

describe('plugin [pglite]', () => {
  it('has the reference identity: name, priority, schema, default export', () => {
    expect(sqlPlugin).toBe(plugin);
    expect(plugin).toMatchObject({ name: '@elizaos/plugin-sql', priority: 0 });
    expect(Object.keys(plugin.schema ?? {})).toEqual(
      expect.arrayContaining(['agentTable', 'memoryTable', 'embeddingTable']),
    );
  });

  it('init() leaves an already registered adapter alone, and registers one from settings otherwise', async () => {
    const agentId = uuid();
    const existing = createDatabaseAdapter({ dataDir: 'memory://plugin-init-existing' }, agentId);
    const withAdapter = new AgentRuntime({ agentId, character: { name: 'pre', bio: [] }, adapter: existing });
    await withAdapter.registerPlugin(plugin);
    expect(withAdapter.adapter).toBe(existing);

    const fresh = new AgentRuntime({
      character: { name: 'fresh', bio: [], settings: { PGLITE_DATA_DIR: 'memory://plugin-init-fresh' } },
    });
    await fresh.registerPlugin(plugin);
    expect(fresh.adapter).toBeInstanceOf(SqlDatabaseAdapter);
    expect(fresh.adapter).not.toBe(existing);
    await existing.close();
    await fresh.adapter.close();
  });

  it('the start log says where the data lives (the data directory; for PostgreSQL host and database, never credentials)', async () => {
    const printed: LogEntry[] = [];
    const stop = addLogListener((entry) => {
      printed.push(entry);
    });
    const runtime = new AgentRuntime({
      character: { name: 'where', bio: [], settings: { PGLITE_DATA_DIR: 'memory://plugin-init-where' } },
    });
    try {
      await runtime.registerPlugin(plugin);
    } finally {
      stop();
      await runtime.adapter?.close();
    }
    const registered = printed.find((entry) =>
      String(entry.msg).includes('Database adapter created and registered'),
    );
    expect(registered?.msg).toContain('backend=pglite, location=memory://plugin-init-where');
    expect(
      locationOf({
        backend: 'postgres',
        dataDir: 'x',
        postgresUrl: 'postgres://me:secret@db.example:6432/agents',
      }),
    ).toBe('db.example:6432/agents');
  });

  it('init() rejects an invalid setting with INVALID_CONFIG', async () => {
    const runtime = new AgentRuntime({
      character: { name: 'bad', bio: [], settings: { POSTGRES_URL: 'mysql://x' } },
    });
    await expect(runtime.registerPlugin(plugin)).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
