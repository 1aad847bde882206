/** Reading and writing the accounts table. Writes take the caller's transaction. */
import { count, eq } from "drizzle-orm";
import type { StoreDb, StoreTx as Tx } from "../client";
import { type Account, accounts } from "../schema";

type Reader = StoreDb | Tx;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function findAccountByEmail(db: Reader, email: string): Account | undefined {
  return db
    .select()
    .from(accounts)
    .where(eq(accounts.email, normalizeEmail(email)))
    .get();
}

export function findAccountById(db: Reader, id: string): Account | undefined {
  return db.select().from(accounts).where(eq(accounts.id, id)).get();
}

export function countAccounts(db: Reader): number {
  return db.select({ n: count() }).from(accounts).get()?.n ?? 0;
}

export function insertAccount(tx: Tx, account: Account): void {
  tx.insert(accounts).values(account).run();
}

/** Every account, oldest first, for re-publishing their state. */
export function allAccounts(db: Reader): Account[] {
  return db.select().from(accounts).orderBy(accounts.createdAt).all();
}
