import { describe, expect, it } from 'vitest';
import { SqlDatabaseAdapter } from '../../src/index.js';
import { testBackends } from '../support/backends.js';

for (const backend of testBackends) {
  describe(`smoke [${backend.name}]`, () => {
    it('boots', async () => {
      const driver = await backend.open();
      const agentId = crypto.randomUUID() as `${string}-${string}-${string}-${string}-${string}`;
      const adapter = new SqlDatabaseAdapter(agentId, { driver, ownsDriver: false });
      await adapter.init();
      expect(await adapter.createAgent({ id: agentId, name: 'a' })).toBe(true);
      expect((await adapter.getAgent(agentId))?.name).toBe('a');
      await backend.cleanup();
    });
  });
}
