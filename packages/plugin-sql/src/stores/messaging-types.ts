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

/** What a create call takes for a record: its fields but the timestamps the store sets, `id` optional. */
type NewRecord<T extends { id: UUID }> = Omit<T, 'id' | 'createdAt' | 'updatedAt'> & { id?: UUID };

/** `createMessageServer` input. */
export type CreateMessageServerInput = NewRecord<MessageServer>;

/** `createChannel` input. */
export type CreateChannelInput = NewRecord<Channel>;

/** `updateChannel` input: `participantCentralUserIds` replaces the participant list when given. */
export interface UpdateChannelInput {
  name?: string;
  participantCentralUserIds?: UUID[];
  metadata?: Metadata;
}

/** `createMessage` input (`messageId` is the id to use; a new one is generated when absent). */
export type CreateMessageInput = Omit<NewRecord<Message>, 'id' | 'inReplyToRootMessageId'> & {
  messageId?: UUID;
  inReplyToRootMessageId?: UUID;
};

/** `updateMessage` patch: absent (or null) fields keep their stored value. */
export type UpdateMessageInput = Partial<Omit<CreateMessageInput, 'messageId' | 'channelId' | 'authorId'>>;
