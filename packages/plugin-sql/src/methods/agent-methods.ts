import type { Agent, UUID } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import type { SqlLogger } from '../sql-logger.js';
import { agentFunctionFields } from '../stores/agent-extra-fields.js';
import * as agents from '../stores/agent-store.js';

/** Agents. */
export const agentMethods = methodGroup({
  getAgent(agentId: UUID): Promise<Agent | null> {
    return this.calls.read((ex) => agents.getAgent(ex, agentId));
  },
  getAgents(): Promise<Partial<Agent>[]> {
    return this.calls.read((ex) => agents.getAgents(ex));
  },
  createAgent(agent: Partial<Agent>): Promise<boolean> {
    warnFunctionFields(this.logger, 'createAgent', agent);
    return this.calls.write((ex) => agents.createAgent(ex, agent));
  },
  updateAgent(agentId: UUID, agent: Partial<Agent>): Promise<boolean> {
    warnFunctionFields(this.logger, 'updateAgent', agent);
    return this.calls.write((ex) => agents.updateAgent(ex, agentId, agent));
  },
  deleteAgent(agentId: UUID): Promise<boolean> {
    return this.calls.idempotentWrite((ex) => agents.deleteAgent(ex, agentId));
  },
  countAgents(): Promise<number> {
    return this.calls.read((ex) => agents.countAgents(ex));
  },
  cleanupAgents(): Promise<void> {
    return this.calls.idempotentWrite((ex) => agents.cleanupAgents(ex));
  },
  /** The agent of this adapter, created from `agent` when missing (reference extension). */
  async ensureAgentExists(agent: Partial<Agent>): Promise<Agent> {
    const existing = await this.getAgent(this.agentId);
    if (existing) return existing;
    await this.createAgent({
      ...agent,
      id: this.agentId,
      name: agent.name || 'Unknown Agent',
      bio: agent.bio || 'An AI agent',
    });
    const created = await this.getAgent(this.agentId);
    if (!created) throw new Error(`Agent ${this.agentId} was not found after it was created`);
    return created;
  },
});

/** Function templates are valid in a character but are code: the store leaves them out, said once here. */
function warnFunctionFields(logger: SqlLogger, method: string, agent: Partial<Agent>): void {
  const fields = agentFunctionFields(agent);
  if (fields.length > 0) {
    logger.warn(`${method}: functions are not stored, they stay in the running character only`, { fields });
  }
}
