import { and, count, eq, isNull } from "drizzle-orm";
import type { Conn } from "../client";
import { outbox } from "../schema";

/** Events recorded but not yet confirmed by the broker. */
export function countPendingEvents(conn: Conn): number {
  return conn.select({ n: count() }).from(outbox).where(isNull(outbox.publishedAt)).get()?.n ?? 0;
}

export function hasPendingEventOfType(conn: Conn, type: string): boolean {
  const row = conn
    .select({ n: count() })
    .from(outbox)
    .where(and(isNull(outbox.publishedAt), eq(outbox.type, type)))
    .get();
  return (row?.n ?? 0) > 0;
}
