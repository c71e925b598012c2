import type { UUID } from '@elizaos/core';
import { methodGroup } from '../adapter/adapter-context.js';
import * as channels from '../stores/channel-store.js';
import * as servers from '../stores/message-server-store.js';
import * as messages from '../stores/message-store.js';
import type {
  Channel,
  CreateChannelInput,
  CreateMessageInput,
  CreateMessageServerInput,
  Message,
  MessageServer,
  UpdateChannelInput,
  UpdateMessageInput,
} from '../stores/messaging-types.js';

/** The messaging server's data: message servers, their channels, and the messages in them. */
export const messagingMethods = methodGroup({
  createMessageServer(data: CreateMessageServerInput): Promise<MessageServer> {
    return this.calls.write((ex) => servers.createMessageServer(ex, data));
  },
  getMessageServers(): Promise<MessageServer[]> {
    return this.calls.read((ex) => servers.getMessageServers(ex));
  },
  getMessageServerById(serverId: UUID): Promise<MessageServer | null> {
    return this.calls.read((ex) => servers.getMessageServerById(ex, serverId));
  },
  getMessageServerByRlsServerId(rlsServerId: UUID): Promise<MessageServer | null> {
    return this.calls.read((ex) => servers.getMessageServerByRlsServerId(ex, rlsServerId));
  },
  addAgentToMessageServer(messageServerId: UUID, agentId: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) => servers.addAgentToMessageServer(ex, messageServerId, agentId));
  },
  getAgentsForMessageServer(messageServerId: UUID): Promise<UUID[]> {
    return this.calls.read((ex) => servers.getAgentsForMessageServer(ex, messageServerId));
  },
  removeAgentFromMessageServer(messageServerId: UUID, agentId: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) =>
      servers.removeAgentFromMessageServer(ex, messageServerId, agentId),
    );
  },

  createChannel(data: CreateChannelInput, participantIds?: UUID[]): Promise<Channel> {
    return this.calls.write((ex) => channels.createChannel(ex, data, participantIds));
  },
  getChannelsForMessageServer(messageServerId: UUID): Promise<Channel[]> {
    return this.calls.read((ex) => channels.getChannelsForMessageServer(ex, messageServerId));
  },
  getChannelDetails(channelId: UUID): Promise<Channel | null> {
    return this.calls.read((ex) => channels.getChannelDetails(ex, channelId));
  },
  updateChannel(channelId: UUID, updates: UpdateChannelInput): Promise<Channel> {
    return this.calls.idempotentWrite((ex) => channels.updateChannel(ex, channelId, updates));
  },
  deleteChannel(channelId: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) => channels.deleteChannel(ex, channelId));
  },
  findOrCreateDmChannel(user1Id: UUID, user2Id: UUID, messageServerId: UUID): Promise<Channel> {
    return this.calls.idempotentWrite((ex) =>
      channels.findOrCreateDmChannel(ex, user1Id, user2Id, messageServerId),
    );
  },
  addChannelParticipants(channelId: UUID, entityIds: UUID[]): Promise<void> {
    return this.calls.idempotentWrite((ex) => channels.addChannelParticipants(ex, channelId, entityIds));
  },
  getChannelParticipants(channelId: UUID): Promise<UUID[]> {
    return this.calls.read((ex) => channels.getChannelParticipants(ex, channelId));
  },
  isChannelParticipant(channelId: UUID, entityId: UUID): Promise<boolean> {
    return this.calls.read((ex) => channels.isChannelParticipant(ex, channelId, entityId));
  },

  createMessage(data: CreateMessageInput): Promise<Message> {
    return this.calls.write((ex) => messages.createMessage(ex, data));
  },
  getMessageById(id: UUID): Promise<Message | null> {
    return this.calls.read((ex) => messages.getMessageById(ex, id));
  },
  updateMessage(id: UUID, patch: UpdateMessageInput): Promise<Message | null> {
    return this.calls.idempotentWrite((ex) => messages.updateMessage(ex, id, patch));
  },
  deleteMessage(messageId: UUID): Promise<void> {
    return this.calls.idempotentWrite((ex) => messages.deleteMessage(ex, messageId));
  },
  getMessagesForChannel(channelId: UUID, limit = 50, beforeTimestamp?: Date): Promise<Message[]> {
    return this.calls.read((ex) => messages.getMessagesForChannel(ex, channelId, limit, beforeTimestamp));
  },
  /**
   * One page of a channel's messages, newest first, and the cursor of the next page (extension):
   * following `nextCursor` visits every message once, even when many share a timestamp, where the
   * reference's `beforeTimestamp` paging skips them.
   */
  getMessagesForChannelPage(
    channelId: UUID,
    options?: messages.MessagePageOptions,
  ): Promise<messages.MessagePage> {
    return this.calls.read((ex) => messages.getMessagesForChannelPage(ex, channelId, options));
  },
});
