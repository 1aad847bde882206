/**
 * What a customer changes about their own account (password, "sign out everywhere") and what an
 * administrator changes about someone else's (the administrator role, deletion). Each change
 * commits with its `store.customer.upserted` (transactional outbox). Every change that must end
 * earlier sessions moves the account's "sessions valid after" instant to now: store, catalog and
 * music then refuse any session issued before it (docs/decisions/0016-session-revocation.md).
 */
import { recordEvent, transact } from "@scs/messaging/outbox";
import { z } from "zod";
import type { StoreDb, StoreTx as Tx } from "@/db/client";
import { type AccountPatch, updateAccount } from "@/db/queries/account-changes";
import { findAccountById } from "@/db/queries/accounts";
import type { Account } from "@/db/schema";
import { MIN_PASSWORD_LENGTH, type PublicAccount } from "./accounts";
import { customerEventData } from "./customer-event";
import { hashPassword, verifyPassword } from "./passwords";

/** The one schema of a password change (the account page's form). */
export const passwordChangeSchema = z
  .object({
    currentPassword: z
      .string({ error: "Enter your current password" })
      .min(1, "Enter your current password")
      .max(200, "Use at most 200 characters"),
    newPassword: z
      .string({ error: "Choose a new password" })
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(200, "Use at most 200 characters"),
  })
  .refine((input) => input.newPassword !== input.currentPassword, {
    path: ["newPassword"],
    message: "Choose a password different from the current one",
  });
export type PasswordChange = z.infer<typeof passwordChangeSchema>;

/** The one schema of an administrator's change to an account (`PATCH /api/accounts/{id}`, /admin/accounts). */
export const accountRoleChangeSchema = z.strictObject({
  admin: z.boolean({ error: "admin must be true or false" }),
});
export type AccountRoleChange = z.infer<typeof accountRoleChangeSchema>;

/** Why a change was not made, with the message and HTTP status its caller answers. */
export class AccountChangeRefused extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly field?: "currentPassword",
  ) {
    super(message);
  }
}

const publicView = ({ id, email, name, roles }: Account): PublicAccount => ({ id, email, name, roles });

/** The live (not deleted) account `id`, read inside the transaction; else 404. */
function liveAccount(tx: Tx, id: string): Account {
  const account = findAccountById(tx, id);
  if (!account || account.deletedAt !== null) throw new AccountChangeRefused(404, "No such account");
  return account;
}

function change(tx: Tx, account: Account, patch: AccountPatch, now: number): Account {
  const next = updateAccount(tx, account, patch, now);
  recordEvent(tx, "store.customer.upserted", next.id, customerEventData(next), {
    aggregateVersion: next.version,
  });
  return next;
}

/**
 * Changes the password after checking the current one, and revokes every session issued before
 * now (the caller issues the new session of this browser afterwards). Hashing runs before the
 * transaction (scrypt is slow; transactions stay synchronous).
 */
export async function changePassword(
  db: StoreDb,
  accountId: string,
  input: PasswordChange,
  { now = () => Date.now() } = {},
): Promise<PublicAccount> {
  const before = findAccountById(db, accountId);
  if (!before || before.deletedAt !== null) throw new AccountChangeRefused(404, "No such account");
  if (!(await verifyPassword(input.currentPassword, before.passwordHash))) {
    throw new AccountChangeRefused(400, "That is not your current password", "currentPassword");
  }
  const passwordHash = await hashPassword(input.newPassword);
  return transact(db, (tx) => {
    const account = liveAccount(tx, accountId);
    if (account.passwordHash !== before.passwordHash) {
      throw new AccountChangeRefused(409, "The password was changed meanwhile: sign in again");
    }
    const at = now();
    return publicView(change(tx, account, { passwordHash, sessionsValidAfter: at }, at));
  });
}

/** Revokes every session of the account issued before now, in the three systems. */
export function signOutEverywhere(db: StoreDb, accountId: string, { now = () => Date.now() } = {}): void {
  transact(db, (tx) => {
    const at = now();
    change(tx, liveAccount(tx, accountId), { sessionsValidAfter: at }, at);
  });
}

/**
 * An administrator gives or takes the administrator role. Taking it revokes the account's earlier
 * sessions (their tokens still say "admin"); giving it does not (the account's next sign-in
 * carries it). Nobody changes their own role here, so the suite cannot lose its last administrator
 * by a slip. Unchanged roles: nothing is recorded.
 */
export function setAdministrator(
  db: StoreDb,
  { actorId, accountId, change: wanted }: { actorId: string; accountId: string; change: AccountRoleChange },
  { now = () => Date.now() } = {},
): PublicAccount {
  if (actorId === accountId)
    throw new AccountChangeRefused(409, "You cannot change your own administrator role");
  return transact(db, (tx) => {
    const account = liveAccount(tx, accountId);
    if (account.roles.includes("admin") === wanted.admin) return publicView(account);
    const at = now();
    const roles = wanted.admin
      ? [...account.roles, "admin" as const]
      : account.roles.filter((role) => role !== "admin");
    const patch: AccountPatch = wanted.admin ? { roles } : { roles, sessionsValidAfter: at };
    return publicView(change(tx, account, patch, at));
  });
}

/**
 * An administrator deletes an account: the row stays as a tombstone (orders refer to it) without
 * its personal data or a usable password; its email is free again; every session is revoked and
 * catalog and music learn it from the event. Nobody deletes their own account here.
 */
export function deleteAccount(
  db: StoreDb,
  { actorId, accountId }: { actorId: string; accountId: string },
  { now = () => Date.now() } = {},
): void {
  if (actorId === accountId) throw new AccountChangeRefused(409, "You cannot delete your own account");
  transact(db, (tx) => {
    const account = liveAccount(tx, accountId);
    const at = now();
    change(
      tx,
      account,
      {
        email: `deleted-${account.id}@accounts.invalid`,
        name: "Deleted account",
        passwordHash: "!deleted",
        roles: [],
        sessionsValidAfter: at,
        deletedAt: at,
      },
      at,
    );
  });
}
