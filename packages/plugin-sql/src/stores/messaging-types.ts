/** The central messaging objects, shaped as the reference adapter returns them. */
import type { Metadata, UUID } from '@elizaos/core';

/** A message server (a Discord guild, the web UI's server, ...). */
export interface MessageServer {
  id: UUID;
  name: string;
  sourceType: string;
  sourceId?: string;
  metadata?: Metadata;
  createdAt: Date;
  updatedAt: Date;
}

/** A channel of a message server. */
export interface Channel {
  id: UUID;
  messageServerId: UUID;
  name: string;
  /** A `ChannelType` value (`'DM'`, `'GROUP'`, ...). */
  type: string;
  sourceType?: string;
  sourceId?: string;
  topic?: string;
  metadata?: Metadata;
  createdAt: Date;
  updatedAt: Date;
}

/** A message of a channel. */
export interface Message {
  id: UUID;
  channelId: UUID;
  authorId: UUID;
  content: string;
  rawMessage?: Record<string, unknown>;
  sourceType?: string;
  sourceId?: string;
  metadata?: Metadata;
  /** The root message this one replies to; `null` when none. */
  inReplyToRootMessageId?: UUID | null;
  createdAt: Date;
  updatedAt: Date;
}

/** `createMessageServer` input. */
export interface CreateMessageServerInput {
  id?: UUID;
  name: string;
  sourceType: string;
  sourceId?: string;
  metadata?: Metadata;
}

/** `createChannel` input. */
export interface CreateChannelInput {
  id?: UUID;
  messageServerId: UUID;
  name: string;
  type: string;
  sourceType?: string;
  sourceId?: string;
  topic?: string;
  metadata?: Metadata;
}

/** `updateChannel` input: `participantCentralUserIds` replaces the participant list when given. */
export interface UpdateChannelInput {
  name?: string;
  participantCentralUserIds?: UUID[];
  metadata?: Metadata;
}

/** `createMessage` input (`messageId` is the id to use; a new one is generated when absent). */
export interface CreateMessageInput {
  messageId?: UUID;
  channelId: UUID;
  authorId: UUID;
  content: string;
  rawMessage?: Record<string, unknown>;
  sourceType?: string;
  sourceId?: string;
  metadata?: Metadata;
  inReplyToRootMessageId?: UUID;
}

/** `updateMessage` patch: absent (or null) fields keep their stored value. */
export interface UpdateMessageInput {
  content?: string;
  rawMessage?: Record<string, unknown>;
  sourceType?: string;
  sourceId?: string;
  metadata?: Metadata;
  inReplyToRootMessageId?: UUID;
}
