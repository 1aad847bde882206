import { and, desc, eq, inArray } from "drizzle-orm";
import type { Conn } from "../client";
import { libraryGrants } from "../schema";

export type LibraryGrantRow = typeof libraryGrants.$inferSelect;

/**
 * Grants the album to the customer unless they own it already (the first order that granted it
 * is kept). Returns whether a new grant was written.
 */
export function insertGrantIfAbsent(conn: Conn, grant: LibraryGrantRow): boolean {
  return conn.insert(libraryGrants).values(grant).onConflictDoNothing().run().changes > 0;
}

export function findGrant(conn: Conn, customerId: string, albumId: string): LibraryGrantRow | undefined {
  return conn
    .select()
    .from(libraryGrants)
    .where(and(eq(libraryGrants.customerId, customerId), eq(libraryGrants.albumId, albumId)))
    .get();
}

/** The customer's grants, most recent first. */
export function listGrants(conn: Conn, customerId: string): LibraryGrantRow[] {
  return conn
    .select()
    .from(libraryGrants)
    .where(eq(libraryGrants.customerId, customerId))
    .orderBy(desc(libraryGrants.grantedAt), desc(libraryGrants.albumId))
    .all();
}

/** Which of these albums the customer owns. */
export function ownedAmong(conn: Conn, customerId: string, albumIds: string[]): Set<string> {
  if (albumIds.length === 0) return new Set();
  const rows = conn
    .select({ albumId: libraryGrants.albumId })
    .from(libraryGrants)
    .where(and(eq(libraryGrants.customerId, customerId), inArray(libraryGrants.albumId, albumIds)))
    .all();
  return new Set(rows.map((r) => r.albumId));
}
