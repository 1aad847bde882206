/**
 * "My library": the albums a customer owns. Granted by store's confirmed orders, one grant per
 * customer and album, kept forever (also once the album is unpublished or deleted). Owners hear
 * every track in full; everybody else hears the previews.
 */
import type { EventData } from "@scs/contracts/events";
import type { Conn, Tx } from "@/db/client";
import { albumRow } from "@/db/queries/albums";
import { findGrant, insertGrantIfAbsent, listGrants } from "@/db/queries/library";
import { type AlbumDetail, getAlbumDetail } from "./albums";

export type ConfirmedOrder = EventData<"store.order.confirmed">;

export interface GrantOutcome {
  /** Albums the customer did not own before this order. */
  granted: string[];
  /** Albums they owned already (a re-delivered confirmation, or bought twice). */
  alreadyOwned: string[];
  /** Album ids music does not know: nothing to grant (never retried, they will not appear). */
  unknown: string[];
}

/**
 * Grants the music lines of a confirmed order to its customer. Idempotent per customer and album:
 * applying the same confirmation twice, or another order with the same album, grants nothing new.
 */
export function grantOrder(tx: Tx, order: ConfirmedOrder, now = Date.now()): GrantOutcome {
  const outcome: GrantOutcome = { granted: [], alreadyOwned: [], unknown: [] };
  const albumIds = [...new Set(order.lines.filter((l) => l.source === "music").map((l) => l.itemId))];
  for (const albumId of albumIds) {
    if (!albumRow(tx, albumId)) {
      outcome.unknown.push(albumId);
      continue;
    }
    const fresh = insertGrantIfAbsent(tx, {
      customerId: order.customerId,
      albumId,
      orderId: order.orderId,
      grantedAt: now,
    });
    (fresh ? outcome.granted : outcome.alreadyOwned).push(albumId);
  }
  return outcome;
}

export const ownsAlbum = (conn: Conn, customerId: string, albumId: string) =>
  findGrant(conn, customerId, albumId) !== undefined;

export type LibraryAlbum = AlbumDetail & {
  grantedAt: string;
  orderId: string;
  /** Whether the album is still on sale; owners keep it either way. */
  onSale: boolean;
};

/** The customer's albums with their tracks, most recently granted first. */
export function libraryOf(conn: Conn, customerId: string): LibraryAlbum[] {
  return listGrants(conn, customerId).flatMap((grant) => {
    const album = getAlbumDetail(conn, grant.albumId, { includeDeleted: true });
    if (!album) return [];
    const row = albumRow(conn, grant.albumId);
    return [
      {
        ...album,
        grantedAt: new Date(grant.grantedAt).toISOString(),
        orderId: grant.orderId,
        onSale: album.published && row?.deletedAt == null,
      },
    ];
  });
}
