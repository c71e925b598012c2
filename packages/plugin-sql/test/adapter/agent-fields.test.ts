/**
 * Every field of an agent comes back, including those the `agents` table has no column for
 * (`secrets`, `templates`, `status`, and keys a character carries that the interface does not name).
 */
import { uuid } from '@eliza-sql/test-support';
import { type Agent, AgentStatus } from '@elizaos/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlDatabaseAdapter, type SqlLogger } from '../../src/index.js';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, createAdapterFixture } from '../support/fixtures.js';

/** A character using every field the Agent type names, with values that are easy to lose. */
function fullAgent(): Agent {
  return {
    id: uuid(),
    name: 'Ada',
    username: '',
    system: '',
    templates: { messageHandlerTemplate: 'Reply as {{agentName}} \\ "quoted"', empty: '' },
    bio: ['one', 'C:\\Users\\ada'],
    messageExamples: [[{ name: 'u', content: { text: 'hi', actions: ['REPLY'] } }]],
    postExamples: ['post'],
    topics: ['math'],
    adjectives: ['precise'],
    knowledge: ['doc.md', { path: 'shared.md', shared: true }],
    plugins: ['@elizaos/plugin-bootstrap'],
    settings: { model: 'x', secrets: { IN_SETTINGS: 's' } },
    secrets: { API_KEY: 'k', PORT: 8080, DEBUG: false },
    style: { all: ['brief'], chat: [], post: ['no emoji'] },
    enabled: false,
    status: AgentStatus.INACTIVE,
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_001,
  };
}

for (const backend of testBackends) {
  describe(`agent fields [${backend.name}]`, () => {
    let f: AdapterFixture;
    beforeAll(async () => {
      f = await createAdapterFixture(backend);
    });
    afterAll(() => backend.cleanup());

    it('createAgent then getAgent returns every field, secrets included', async () => {
      const agent = fullAgent();
      expect(await f.adapter.createAgent(agent)).toBe(true);
      const got = await f.adapter.getAgent(agent.id as never);
      // server_id is the reference's column for the agent's message server (null until assigned).
      expect(got).toEqual({ ...agent, server_id: null });
      expect(got?.secrets).toEqual({ API_KEY: 'k', PORT: 8080, DEBUG: false });
    });

    it('keeps character keys the interface does not name, and an agent without them has none', async () => {
      const agent = {
        ...fullAgent(),
        clients: ['discord'],
        modelProvider: 'openai',
        extra: { deep: [1, null] },
      };
      await f.adapter.createAgent(agent);
      expect(await f.adapter.getAgent(agent.id as never)).toEqual({ ...agent, server_id: null });
      const plain = { id: uuid(), name: 'Plain', bio: 'b' };
      await f.adapter.createAgent(plain);
      const got = await f.adapter.getAgent(plain.id);
      expect(got).toMatchObject({ ...plain, settings: {}, system: undefined });
      expect(Object.keys(got ?? {}).sort()).toEqual(
        [
          'adjectives',
          'bio',
          'createdAt',
          'enabled',
          'id',
          'knowledge',
          'messageExamples',
          'name',
          'plugins',
          'postExamples',
          'server_id',
          'settings',
          'style',
          'system',
          'topics',
          'updatedAt',
          'username',
        ].sort(),
      );
    });

    it('updateAgent replaces each field given, keeps the others, and still deep-merges settings', async () => {
      const agent = fullAgent();
      await f.adapter.createAgent(agent);
      expect(
        await f.adapter.updateAgent(agent.id as never, {
          secrets: { API_KEY: 'rotated' },
          status: AgentStatus.ACTIVE,
          settings: { other: 1 },
        }),
      ).toBe(true);
      const got = await f.adapter.getAgent(agent.id as never);
      expect(got).toMatchObject({
        ...agent,
        secrets: { API_KEY: 'rotated' },
        status: AgentStatus.ACTIVE,
        settings: { model: 'x', secrets: { IN_SETTINGS: 's' }, other: 1 },
        updatedAt: expect.any(Number),
      });
      // Updating only a column field leaves the column-less ones untouched.
      await f.adapter.updateAgent(agent.id as never, { name: 'Ada L.' });
      expect(await f.adapter.getAgent(agent.id as never)).toMatchObject({
        name: 'Ada L.',
        secrets: { API_KEY: 'rotated' },
        templates: agent.templates,
      });
    });

    it('survives the runtime start-up path: update with { ...stored, ...character }', async () => {
      const agent = fullAgent();
      await f.adapter.createAgent(agent);
      const stored = await f.adapter.getAgent(agent.id as never);
      const character = { ...fullAgent(), id: agent.id, secrets: { API_KEY: 'k2' } };
      await f.adapter.updateAgent(agent.id as never, {
        ...stored,
        ...character,
        settings: { ...stored?.settings, ...character.settings },
      });
      const again = await f.adapter.getAgent(agent.id as never);
      expect(again?.secrets).toEqual({ API_KEY: 'k2' });
      expect(again?.settings).toEqual(agent.settings);
    });

    it('stores no function: a function template is logged and left in the running character', async () => {
      const warnings: Array<{ message: string; data?: Record<string, unknown> }> = [];
      const logger: SqlLogger = {
        debug() {},
        info() {},
        error() {},
        warn: (message, data) => warnings.push({ message, data }),
      };
      const adapter = new SqlDatabaseAdapter(f.agentId, { driver: f.driver, ownsDriver: false, logger });
      await adapter.init();
      const agent = {
        ...fullAgent(),
        templates: { text: 'kept', computed: ({ state }: { state: unknown }) => String(state) },
      };
      expect(await adapter.createAgent(agent as never)).toBe(true);
      expect((await adapter.getAgent(agent.id as never))?.templates).toEqual({ text: 'kept' });
      expect(warnings).toEqual([
        {
          message: expect.stringMatching(/functions are not stored/),
          data: { fields: ['agent.templates.computed'] },
        },
      ]);
    });

    it('refuses settings holding the key reserved for the column-less fields, naming it', async () => {
      const agent = { ...fullAgent(), settings: { '@eliza-sql/agent-fields': { secrets: {} } } };
      await expect(f.adapter.createAgent(agent)).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: expect.stringContaining('@eliza-sql/agent-fields'),
      });
      expect(await f.adapter.getAgent(agent.id as never)).toBeNull();
    });

    it('refuses a secret PostgreSQL cannot store, naming the field, and writes nothing', async () => {
      const agent = { ...fullAgent(), secrets: { API_KEY: 'k\u0000' } };
      await expect(f.adapter.createAgent(agent)).rejects.toMatchObject({
        code: 'UNSTORABLE_VALUE',
        message: expect.stringContaining('agent.secrets.API_KEY'),
      });
      expect(await f.adapter.getAgent(agent.id as never)).toBeNull();
    });
  });
}
