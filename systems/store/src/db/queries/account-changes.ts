/** Changing an account's state (password, roles, sessions, deletion) and listing accounts. */
import { asc, eq, isNull } from "drizzle-orm";
import type { Conn, StoreTx as Tx } from "../client";
import { type Account, accounts } from "../schema";

export type AccountPatch = Partial<
  Pick<Account, "email" | "name" | "passwordHash" | "roles" | "sessionsValidAfter" | "deletedAt">
>;

/** Applies `patch` with the next version and returns the account as it is now. */
export function updateAccount(tx: Tx, current: Account, patch: AccountPatch, now: number): Account {
  const next: Account = { ...current, ...patch, version: current.version + 1, updatedAt: now };
  tx.update(accounts)
    .set({ ...patch, version: next.version, updatedAt: now })
    .where(eq(accounts.id, current.id))
    .run();
  return next;
}

/** Every account that is not deleted, by email (the back office's list). */
export function listLiveAccounts(db: Conn, limit = 500): Account[] {
  return db
    .select()
    .from(accounts)
    .where(isNull(accounts.deletedAt))
    .orderBy(asc(accounts.email))
    .limit(limit)
    .all();
}
