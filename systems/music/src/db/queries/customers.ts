import type { AccountState } from "@scs/web/session";
import { count, eq, sql } from "drizzle-orm";
import type { Conn } from "../client";
import { customers } from "../schema";

export type CustomerRow = typeof customers.$inferSelect;

/**
 * Applies a copy of a store customer unless the stored copy is as new or newer: replays and
 * out-of-order deliveries converge to the newest version. Returns whether it was applied.
 */
export function upsertCustomerIfNewer(conn: Conn, customer: Omit<CustomerRow, "updatedAt">): boolean {
  const result = conn
    .insert(customers)
    .values({ ...customer, updatedAt: Date.now() })
    .onConflictDoUpdate({
      target: customers.id,
      set: {
        email: sql`excluded.email`,
        name: sql`excluded.name`,
        roles: sql`excluded.roles`,
        sessionsValidAfter: sql`excluded.sessions_valid_after`,
        version: sql`excluded.version`,
        updatedAt: sql`excluded.updated_at`,
      },
      setWhere: sql`excluded.version > ${customers.version}`,
    })
    .run();
  return result.changes > 0;
}

export function countCustomers(conn: Conn): number {
  return conn.select({ n: count() }).from(customers).get()?.n ?? 0;
}

/** The state of an account as music holds it, for session checks; undefined: no copy (yet). */
export function customerAccountState(conn: Conn, id: string): AccountState | undefined {
  const row = conn
    .select({ roles: customers.roles, sessionsValidAfter: customers.sessionsValidAfter })
    .from(customers)
    .where(eq(customers.id, id))
    .get();
  return row && { roles: row.roles, sessionsValidAfter: row.sessionsValidAfter };
}
