/**
 * Who may hear what: everybody hears a 30-second preview of every track on sale (administrators
 * also of drafts), owners hear their albums' tracks in full, also once the album is off sale.
 */
import type { AudioKind } from "./audio/track-audio";

export interface ListeningContext {
  kind: AudioKind;
  album: { published: boolean; deletedAt: number | null };
  /** Signed in at all (a session, customer or administrator). */
  signedIn: boolean;
  isAdmin: boolean;
  /** The signed-in customer owns the track's album. */
  owner: boolean;
}

export type ListeningDecision =
  | { allowed: true }
  | { allowed: false; status: 401 | 403 | 404; message: string };

export function mayListen({ kind, album, signedIn, isAdmin, owner }: ListeningContext): ListeningDecision {
  const onSale = album.published && album.deletedAt === null;
  if (kind === "preview") {
    if (onSale || owner || (isAdmin && album.deletedAt === null)) return { allowed: true };
    return { allowed: false, status: 404, message: "No such track" };
  }
  if (owner) return { allowed: true };
  if (!onSale && !isAdmin) return { allowed: false, status: 404, message: "No such track" };
  if (!signedIn) {
    return {
      allowed: false,
      status: 401,
      message: "Sign in to hear the full track: it is in the library of its buyers",
    };
  }
  return {
    allowed: false,
    status: 403,
    message: "Full tracks are for owners of the album: buy it to hear it all",
  };
}
