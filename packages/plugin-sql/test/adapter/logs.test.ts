import { uuid } from '@eliza-sql/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../support/backends.js';
import { type AdapterFixture, createAdapterFixture } from '../support/fixtures.js';

for (const backend of testBackends) {
  describe(`logs and run summaries [${backend.name}]`, () => {
    let f: AdapterFixture;
    beforeAll(async () => {
      f = await createAdapterFixture(backend);
    });
    afterAll(() => backend.cleanup());

    it('log / getLogs / deleteLog: bodies round-trip exactly, newest first, filtered by room and type', async () => {
      const body = { text: 'a\\b "c" \\u12', n: 1.5, arr: [1, 'x', null], deep: { ok: true } };
      await f.adapter.log({ body, entityId: f.userId, roomId: f.roomId, type: 'custom' });
      await f.adapter.log({ body: { i: 2 }, entityId: f.userId, roomId: f.roomId, type: 'custom' });
      await f.adapter.log({ body: { i: 3 }, entityId: f.agentId, roomId: f.roomId, type: 'other' });
      const logs = await f.adapter.getLogs({ roomId: f.roomId, type: 'custom' });
      expect(logs.map((l) => l.body)).toEqual([{ i: 2 }, body]);
      expect(logs[0]?.createdAt).toBeInstanceOf(Date);
      expect(await f.adapter.getLogs({ roomId: f.roomId, type: 'custom', count: 1, offset: 1 })).toHaveLength(
        1,
      );
      expect(await f.adapter.getLogs({ roomId: uuid() })).toEqual([]);
      await f.adapter.deleteLog(logs[0]?.id as never);
      expect((await f.adapter.getLogs({ roomId: f.roomId, type: 'custom' })).map((l) => l.body)).toEqual([
        body,
      ]);
    });

    it('getAgentRunSummaries folds run_event logs and counts actions, model calls, errors, evaluators', async () => {
      const runA = uuid();
      const runB = uuid();
      const ev = async (runId: string, status: string, extra: Record<string, unknown> = {}) => {
        await f.adapter.log({
          body: { runId, status, messageId: uuid(), ...extra },
          entityId: f.userId,
          roomId: f.roomId,
          type: 'run_event',
        });
        await new Promise((r) => setTimeout(r, 5));
      };
      await ev(runA, 'started', { metadata: { source: 'test' } });
      await f.adapter.log({
        body: { runId: runA, promptCount: 2, result: { success: true } },
        entityId: f.agentId,
        roomId: f.roomId,
        type: 'action',
      });
      await f.adapter.log({
        body: { runId: runA, result: { success: false } },
        entityId: f.agentId,
        roomId: f.roomId,
        type: 'action',
      });
      await f.adapter.log({
        body: { runId: runA },
        entityId: f.agentId,
        roomId: f.roomId,
        type: 'useModel:TEXT_LARGE',
      });
      await f.adapter.log({
        body: { runId: runA },
        entityId: f.agentId,
        roomId: f.roomId,
        type: 'evaluator',
      });
      await f.adapter.log({
        body: { runId: runA, status: 'failed' },
        entityId: f.agentId,
        roomId: f.roomId,
        type: 'embedding_event',
      });
      await ev(runA, 'completed');
      await ev(runB, 'started');
      const all = await f.adapter.getAgentRunSummaries({});
      expect(all.total).toBe(2);
      expect(all.hasMore).toBe(false);
      expect(all.runs.map((r) => r.runId)).toEqual([runB, runA]);
      const a = all.runs[1];
      expect(a?.status).toBe('completed');
      expect(a?.durationMs).toBeGreaterThan(0);
      expect(a?.metadata).toEqual({ source: 'test' });
      expect(a?.roomId).toBe(f.roomId);
      expect(a?.counts).toEqual({ actions: 2, modelCalls: 3, errors: 2, evaluators: 1 });
      expect(all.runs[0]?.status).toBe('started');
      expect(
        (await f.adapter.getAgentRunSummaries({ status: 'completed' })).runs.map((r) => r.runId),
      ).toEqual([runA]);
      const limited = await f.adapter.getAgentRunSummaries({ limit: 1 });
      expect(limited).toMatchObject({ total: 2, hasMore: true });
      expect(await f.adapter.getAgentRunSummaries({ roomId: uuid() })).toEqual({
        runs: [],
        total: 0,
        hasMore: false,
      });
    });
  });
}
