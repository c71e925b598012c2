import type { UUID } from '@elizaos/core';
import { assertUuid, isUuid } from '../validation.js';
import { optionalText } from './store-values.js';

/**
 * The columns a world's or room's server ids go to (only the given ones, for updates). `messageServerId`
 * (a uuid column) must be a UUID; `serverId`, its deprecated alias that platforms fill with their own
 * ids, may be any string: it is kept as given in `platform_server_id`, and also stands in for
 * `messageServerId` when that is absent and it is a UUID. `field` names the object in errors.
 */
export function serverIdColumns(
  field: string,
  entity: { messageServerId?: unknown; serverId?: unknown },
): { messageServerId?: UUID | null; platformServerId?: string | null } {
  const columns: { messageServerId?: UUID | null; platformServerId?: string | null } = {};
  if (entity.serverId !== undefined) {
    columns.platformServerId = optionalText(`${field}.serverId`, entity.serverId) ?? null;
  }
  if (entity.messageServerId !== undefined) {
    columns.messageServerId =
      entity.messageServerId === null
        ? null
        : assertUuid(
            `${field}.messageServerId`,
            entity.messageServerId,
            "(a platform's own server id goes in serverId)",
          );
  } else if (isUuid(entity.serverId)) {
    columns.messageServerId = entity.serverId;
  }
  return columns;
}
