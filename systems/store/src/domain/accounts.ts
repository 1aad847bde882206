/**
 * Accounts: creating customers (and the first administrator) and checking credentials.
 * Every account change is committed together with its `store.customer.upserted` event
 * (transactional outbox), so music and catalog learn about the customer over RabbitMQ.
 */
import { randomUUID } from "node:crypto";
import { recordEvent, transact } from "@scs/messaging/outbox";
import type { ResyncPage } from "@scs/messaging/resync-jobs";
import type { Role, Session } from "@scs/web/session";
import { z } from "zod";
import type { StoreDb, StoreTx as Tx } from "@/db/client";
import {
  accountsPage,
  findAccountByEmail,
  insertAccount,
  normalizeEmail,
  replacePasswordHash,
} from "@/db/queries/accounts";
import type { Account } from "@/db/schema";
import { customerEventData } from "./customer-event";
import { decoyHash, hashPassword, needsRehash, verifyPassword } from "./passwords";

export const MIN_PASSWORD_LENGTH = 8;

/** The one schema for a new account, used by the sign-up form and `POST /api/accounts`. */
export const newAccountSchema = z.object({
  name: z
    .string({ error: "Enter your name" })
    .trim()
    .min(1, "Enter your name")
    .max(120, "Use at most 120 characters"),
  email: z
    .string({ error: "Enter your email address" })
    .trim()
    .max(254, "That email address is too long")
    .pipe(z.email("Enter a valid email address"))
    .transform(normalizeEmail),
  password: z
    .string({ error: "Choose a password" })
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(200, "Use at most 200 characters"),
});
export type NewAccount = z.infer<typeof newAccountSchema>;

export const credentialsSchema = z.object({
  email: z.string({ error: "Enter your email address" }).trim().min(1, "Enter your email address").max(254),
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password").max(200),
});
export type Credentials = z.infer<typeof credentialsSchema>;

export type PublicAccount = Pick<Account, "id" | "email" | "name" | "roles">;

export type CreateAccountResult = { ok: true; account: PublicAccount } | { ok: false; reason: "email-taken" };

const publicView = ({ id, email, name, roles }: Account): PublicAccount => ({ id, email, name, roles });

/**
 * Creates an account (roles default to customer) and records `store.customer.upserted`.
 * The password is hashed before the transaction: scrypt is slow and the transaction is synchronous.
 */
export async function createAccount(
  db: StoreDb,
  input: NewAccount,
  roles: Role[] = ["customer"],
): Promise<CreateAccountResult> {
  const email = normalizeEmail(input.email);
  if (findAccountByEmail(db, email)) return { ok: false, reason: "email-taken" };
  const passwordHash = await hashPassword(input.password);
  return transact(db, (tx): CreateAccountResult => {
    // Checked again inside the transaction: another request may have taken the email meanwhile.
    if (findAccountByEmail(tx, email)) return { ok: false, reason: "email-taken" };
    const now = Date.now();
    const account: Account = {
      id: randomUUID(),
      email,
      name: input.name.trim(),
      passwordHash,
      roles,
      version: 1,
      createdAt: now,
      updatedAt: now,
      sessionsValidAfter: null,
      deletedAt: null,
    };
    insertAccount(tx, account);
    recordEvent(tx, "store.customer.upserted", account.id, customerEventData(account), {
      aggregateVersion: account.version,
    });
    return { ok: true, account: publicView(account) };
  });
}

/**
 * The account for these credentials, or null. Unknown email and wrong password take the same
 * time and give the same answer, so sign-in does not reveal who has an account. A correct
 * password stored with older scrypt parameters is hashed again with today's (the only moment the
 * password is known); the row keeps its version, since nothing another system copies changed.
 * Callers run it in the hashing queue (src/auth/sign-in-guard.ts).
 */
export async function authenticate(db: StoreDb, credentials: Credentials): Promise<PublicAccount | null> {
  const account = findAccountByEmail(db, credentials.email);
  const valid = await verifyPassword(credentials.password, account?.passwordHash ?? (await decoyHash()));
  if (!account || !valid) return null;
  if (needsRehash(account.passwordHash)) {
    replacePasswordHash(db, account.id, account.passwordHash, await hashPassword(credentials.password));
  }
  return publicView(account);
}

/**
 * Makes sure the first administrator exists (ADMIN_EMAIL / ADMIN_PASSWORD): created with roles
 * customer and admin when missing, left untouched when present. Safe to call at every start.
 */
export async function ensureAdministrator(
  db: StoreDb,
  admin: { email: string; password: string; name?: string },
): Promise<"created" | "exists"> {
  if (findAccountByEmail(db, admin.email)) return "exists";
  const result = await createAccount(
    db,
    { email: admin.email, password: admin.password, name: admin.name ?? "Administrator" },
    ["customer", "admin"],
  );
  return result.ok ? "created" : "exists";
}

/** The claims of a session for this account. */
export const sessionOf = (account: PublicAccount): Session => ({
  sub: account.id,
  email: account.email,
  name: account.name,
  roles: account.roles,
});

/**
 * Answers a replica's resync request, one page at a time (src/messaging/republish.ts works the
 * pages off): each account's current state is recorded again as `store.customer.upserted` with
 * its current version (replicas ignore what they already hold). Runs in the caller's transaction;
 * returns the page's ids, in order.
 */
export function republishCustomers(tx: Tx, page: ResyncPage): string[] {
  const all = accountsPage(tx, page);
  for (const account of all) {
    recordEvent(tx, "store.customer.upserted", account.id, customerEventData(account), {
      aggregateVersion: account.version,
    });
  }
  return all.map((account) => account.id);
}
