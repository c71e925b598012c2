import type { Task, UUID } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import * as tasks from '../stores/task-store.js';

/** Tasks. */
export const taskMethods = methodGroup({
  createTask(task: Task): Promise<UUID> {
    return this.calls.write((ex) => tasks.createTask(ex, this.agentId, task));
  },
  getTasks(params: { roomId?: UUID; tags?: string[]; entityId?: UUID }): Promise<Task[]> {
    return this.calls.read((ex) => tasks.getTasks(ex, this.agentId, params));
  },
  getTask(id: UUID): Promise<Task | null> {
    return this.calls.read((ex) => tasks.getTask(ex, this.agentId, id));
  },
  getTasksByName(name: string): Promise<Task[]> {
    return this.calls.read((ex) => tasks.getTasksByName(ex, this.agentId, name));
  },
  updateTask(id: UUID, task: Partial<Task>): Promise<void> {
    return this.calls.idempotentWrite((ex) => tasks.updateTask(ex, this.agentId, id, task));
  },
  deleteTask(id: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) => tasks.deleteTask(ex, this.agentId, id));
  },
});
