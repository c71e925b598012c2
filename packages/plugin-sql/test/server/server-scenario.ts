import type { ServerProcess } from './server-process.js';

/** One request of the scenario and the server's answer. */
export interface Exchange {
  readonly request: string;
  readonly status: number;
  readonly body: unknown;
}

/** The ids the scenario knows in advance (the rest are the server's, normalised by order of appearance). */
export const KNOWN_IDS = {
  defaultServer: '00000000-0000-0000-0000-000000000000',
  user: '6b3f1c2e-0d4a-4e8b-9c1f-2a7d5e8b9c01',
} as const;

/** The scenario's state across the restart. */
export interface ScenarioState {
  agentId: string;
  channelId?: string;
  firstMessageId?: string;
  /** Messages the agent answered so far (each answer logs two model calls in the channel's room). */
  answered: number;
}

interface MessagesBody {
  data?: { messages?: Array<{ id: string; created_at: number }> };
}

/** Drives the server's REST API and records each exchange, in order. */
export class ScenarioRecorder {
  readonly exchanges: Exchange[] = [];
  constructor(private server: ServerProcess) {}

  /** Points later requests at a restarted server. */
  useServer(server: ServerProcess): void {
    this.server = server;
  }

  /** Sends one request; records it unless `record` is false (polling). */
  async call(method: string, path: string, body?: unknown, record = true): Promise<Exchange> {
    const response = await fetch(`${this.server.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const exchange: Exchange = {
      request: `${method} ${path}`,
      status: response.status,
      body: text === '' ? null : (JSON.parse(text) as unknown),
    };
    if (record) this.exchanges.push(exchange);
    return exchange;
  }

  /**
   * Records a GET once its `data` lists at least `count` entries: the runtime writes its model logs
   * without awaiting them, so they may land just after the reply is stored.
   */
  async listed(path: string, count: number): Promise<Exchange> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const exchange = await this.call('GET', path, undefined, false);
      const data = (exchange.body as { data?: unknown } | null)?.data;
      if ((Array.isArray(data) && data.length >= count) || Date.now() > deadline) {
        this.exchanges.push(exchange);
        return exchange;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Posts a user message and waits until the agent's reply is stored (`total` messages in the channel). */
  async converse(state: ScenarioState, text: string, total: number): Promise<void> {
    const channelId = state.channelId as string;
    await this.call('POST', `/api/messaging/channels/${channelId}/messages`, {
      author_id: KNOWN_IDS.user,
      content: text,
      message_server_id: KNOWN_IDS.defaultServer,
      source_type: 'server_test',
      raw_message: { text },
      metadata: { user_display_name: 'Tester' },
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await this.call(
        'GET',
        `/api/messaging/channels/${channelId}/messages`,
        undefined,
        false,
      );
      if (((body as MessagesBody).data?.messages?.length ?? 0) >= total) {
        state.answered++;
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`no reply to "${text}" within 30 s:\n${this.server.output().slice(-4000)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** Before the restart: agents, message servers, a channel, two exchanges, paging, memories, rooms, logs. */
export async function firstRun(recorder: ScenarioRecorder): Promise<ScenarioState> {
  const agents = await recorder.call('GET', '/api/agents');
  const agentId = (agents.body as { data: { agents: Array<{ id: string }> } }).data.agents[0]?.id as string;
  const state: ScenarioState = { agentId, answered: 0 };
  await recorder.call('GET', `/api/agents/${agentId}`);
  await recorder.call('GET', '/api/messaging/message-servers');
  await recorder.call('POST', '/api/messaging/message-servers', {
    name: 'Second server',
    sourceType: 'server_test',
    sourceId: 'second-1',
    metadata: { purpose: 'test' },
  });
  await recorder.call('GET', '/api/messaging/message-servers');
  await recorder.call('GET', `/api/messaging/message-servers/${KNOWN_IDS.defaultServer}/agents`);
  await recorder.call('GET', `/api/messaging/agents/${agentId}/message-servers`);
  const created = await recorder.call('POST', '/api/messaging/channels', {
    name: 'General',
    participantCentralUserIds: [KNOWN_IDS.user, agentId],
    type: 'GROUP',
    message_server_id: KNOWN_IDS.defaultServer,
    metadata: { topic: 'tests' },
  });
  state.channelId = (created.body as { data: { id: string } }).data.id;
  const ch = state.channelId;
  await recorder.call('GET', `/api/messaging/channels/${ch}/details`);
  await recorder.call('GET', `/api/messaging/channels/${ch}/participants`);
  await recorder.call('GET', `/api/messaging/message-servers/${KNOWN_IDS.defaultServer}/channels`);
  await recorder.converse(state, 'Hello there', 2);
  await recorder.converse(state, 'Tell me about SQL', 4);
  const all = await recorder.call('GET', `/api/messaging/channels/${ch}/messages`);
  const messages = (all.body as MessagesBody).data?.messages ?? [];
  state.firstMessageId = messages.at(-1)?.id;
  await recorder.call('GET', `/api/messaging/channels/${ch}/messages?limit=2`);
  await recorder.call(
    'GET',
    `/api/messaging/channels/${ch}/messages?limit=2&before=${messages[1]?.created_at}`,
  );
  await readAgentState(recorder, state);
  await recorder.call('PATCH', `/api/messaging/channels/${ch}`, { name: 'General (renamed)' });
  return state;
}

/** What the agent stored: rooms, logs, memories (by agent, channel and room). */
async function readAgentState(recorder: ScenarioRecorder, state: ScenarioState): Promise<void> {
  const { agentId } = state;
  const ch = state.channelId as string;
  const rooms = await recorder.call('GET', `/api/agents/${agentId}/rooms`);
  const room = (
    rooms.body as { data?: { rooms?: Array<{ id: string; channelId?: string }> } }
  ).data?.rooms?.find((r) => r.channelId === ch);
  await recorder.call('GET', `/api/agents/${agentId}/rooms/${room?.id}`);
  // The model calls of the conversation (the runtime's background embedding calls, logged in the
  // agent's own room as they happen, are not counted), and the latest replies by type, paged.
  await recorder.listed(`/api/agents/${agentId}/logs?roomId=${room?.id}&count=100`, 2 * state.answered);
  await recorder.listed(`/api/agents/${agentId}/logs?type=useModel:TEXT_LARGE&count=2`, 2);
  await recorder.call('GET', `/api/agents/${agentId}/memories`);
  await recorder.call('GET', `/api/agents/${agentId}/memories?channelId=${ch}`);
  await recorder.call('GET', `/api/agents/${agentId}/rooms/${ch}/memories?limit=3`);
}

/** After the restart on the same data: everything is still there, and the agent still answers. */
export async function secondRun(recorder: ScenarioRecorder, state: ScenarioState): Promise<void> {
  const ch = state.channelId as string;
  await recorder.call('GET', '/api/agents');
  await recorder.call('GET', `/api/agents/${state.agentId}`);
  await recorder.call('GET', '/api/messaging/message-servers');
  await recorder.call('GET', `/api/messaging/channels/${ch}/details`);
  await recorder.call('GET', `/api/messaging/channels/${ch}/messages`);
  await recorder.converse(state, 'Still there?', 6);
  await recorder.call('GET', `/api/messaging/channels/${ch}/messages?limit=3`);
  await recorder.call('DELETE', `/api/messaging/channels/${ch}/messages/${state.firstMessageId}`);
  await recorder.call('GET', `/api/messaging/channels/${ch}/messages`);
  await readAgentState(recorder, state);
}
