/** Reading and writing the accounts table. Writes take the caller's transaction. */
import { and, asc, count, eq, gt, lte } from "drizzle-orm";
import type { Conn, StoreDb, StoreTx as Tx } from "../client";
import { type Account, accounts } from "../schema";

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function findAccountByEmail(db: Conn, email: string): Account | undefined {
  return db
    .select()
    .from(accounts)
    .where(eq(accounts.email, normalizeEmail(email)))
    .get();
}

export function findAccountById(db: Conn, id: string): Account | undefined {
  return db.select().from(accounts).where(eq(accounts.id, id)).get();
}

export function countAccounts(db: Conn): number {
  return db.select({ n: count() }).from(accounts).get()?.n ?? 0;
}

export function insertAccount(tx: Tx, account: Account): void {
  tx.insert(accounts).values(account).run();
}

/**
 * One page of every account, in id order, for re-publishing their state: ids after `after` and
 * at most `through` (either null: no bound), at most `limit` of them.
 */
export function accountsPage(
  db: Conn,
  page: { after: string | null; through: string | null; limit: number },
): Account[] {
  return db
    .select()
    .from(accounts)
    .where(
      and(
        page.after === null ? undefined : gt(accounts.id, page.after),
        page.through === null ? undefined : lte(accounts.id, page.through),
      ),
    )
    .orderBy(asc(accounts.id))
    .limit(page.limit)
    .all();
}

/**
 * Replaces a password hash by one with today's parameters, only if the row still holds `previous`
 * (a password changed meanwhile wins). Not an account change other systems copy: no event.
 */
export function replacePasswordHash(db: StoreDb, id: string, previous: string, next: string): void {
  db.update(accounts)
    .set({ passwordHash: next })
    .where(and(eq(accounts.id, id), eq(accounts.passwordHash, previous)))
    .run();
}
