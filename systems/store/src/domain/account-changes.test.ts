import type { Role } from "@scs/web/session";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type StoreDb } from "@/db/database";
import { findAccountById, insertAccount } from "@/db/queries/accounts";
import { type Account, outbox } from "@/db/schema";
import {
  AccountChangeRefused,
  accountRoleChangeSchema,
  changePassword,
  deleteAccount,
  passwordChangeSchema,
  setAdministrator,
  signOutEverywhere,
} from "./account-changes";
import { authenticate, createAccount } from "./accounts";
import { customerEventData } from "./customer-event";
import { hashPassword } from "./passwords";

// scrypt at a test's cost (src/testing/cheap-scrypt.ts): these tests are about limits and flows.
vi.mock("node:crypto", async (importOriginal) =>
  (await import("@/testing/cheap-scrypt")).cheapScrypt(importOriginal),
);

let db: StoreDb;
let admin: string;
let dana: string;
/** scrypt is slow on purpose: both fixtures share one hash of "dana-password", made once. */
let hash: string;
beforeAll(async () => {
  hash = await hashPassword("dana-password");
}, 60_000);
beforeEach(() => {
  db = openDatabase(":memory:");
  const account = (id: string, email: string, roles: Role[]): Account => ({
    id,
    email,
    name: email.split("@")[0] ?? email,
    passwordHash: hash,
    roles,
    version: 1,
    createdAt: 0,
    updatedAt: 0,
    sessionsValidAfter: null,
    deletedAt: null,
  });
  admin = "acc-admin";
  dana = "acc-dana";
  db.transaction((tx) => {
    insertAccount(tx, account(admin, "ada@example.com", ["customer", "admin"]));
    insertAccount(tx, account(dana, "dana@example.com", ["customer"]));
  });
});

/** The last `store.customer.upserted` recorded for `id`. */
const lastEvent = (id: string) =>
  db
    .select()
    .from(outbox)
    .all()
    .map(
      (row) =>
        JSON.parse(row.body) as { type: string; subject: string; aggregateversion: number; data: unknown },
    )
    .filter((event) => event.type === "store.customer.upserted" && event.subject === id)
    .at(-1);

const at = (ms: number) => ({ now: () => ms });
const T = Date.parse("2026-11-30T01:00:00.000Z");

describe("account changes revoke earlier sessions", { timeout: 60_000 }, () => {
  it("publishes roles with every account, and no 'sessions valid after' before any change", () => {
    const account = findAccountById(db, dana);
    if (!account) throw new Error("fixture");
    expect(customerEventData(account)).toEqual({
      id: dana,
      email: "dana@example.com",
      name: "dana",
      roles: ["customer"],
    });
  });

  it("a password change checks the current password, stores the new one and moves 'sessions valid after'", async () => {
    await expect(
      changePassword(db, dana, { currentPassword: "wrong-password", newPassword: "brand-new-pw" }, at(T)),
    ).rejects.toMatchObject({ status: 400, field: "currentPassword" });
    const account = await changePassword(
      db,
      dana,
      { currentPassword: "dana-password", newPassword: "brand-new-pw" },
      at(T),
    );
    expect(account).toMatchObject({ id: dana, roles: ["customer"] });
    expect(lastEvent(dana)).toMatchObject({ data: { email: "dana@example.com" } });
    expect(await authenticate(db, { email: "dana@example.com", password: "dana-password" })).toBeNull();
    expect(await authenticate(db, { email: "dana@example.com", password: "brand-new-pw" })).toMatchObject({
      id: dana,
    });
    expect(findAccountById(db, dana)).toMatchObject({ sessionsValidAfter: T, version: 2 });
    expect(lastEvent(dana)).toMatchObject({
      aggregateversion: 2,
      data: { sessionsValidAfter: "2026-11-30T01:00:00.000Z", roles: ["customer"] },
    });
  });

  it("sign out everywhere moves the instant and records it", () => {
    signOutEverywhere(db, dana, at(T + 5));
    expect(lastEvent(dana)).toMatchObject({
      aggregateversion: 2,
      data: { sessionsValidAfter: "2026-11-30T01:00:00.005Z" },
    });
  });

  it("demotion takes the role and revokes; promotion gives it without revoking; the same role twice records nothing", () => {
    setAdministrator(db, { actorId: admin, accountId: dana, change: { admin: true } }, at(T));
    expect(lastEvent(dana)).toMatchObject({ aggregateversion: 2, data: { roles: ["customer", "admin"] } });
    expect(lastEvent(dana)?.data).not.toHaveProperty("sessionsValidAfter");
    setAdministrator(db, { actorId: admin, accountId: dana, change: { admin: true } }, at(T + 1));
    expect(lastEvent(dana)?.aggregateversion).toBe(2);
    setAdministrator(db, { actorId: admin, accountId: dana, change: { admin: false } }, at(T + 2));
    expect(lastEvent(dana)).toMatchObject({
      aggregateversion: 3,
      data: { roles: ["customer"], sessionsValidAfter: "2026-11-30T01:00:00.002Z" },
    });
  });

  it("deletion leaves a tombstone without personal data, revokes, and frees the email", async () => {
    deleteAccount(db, { actorId: admin, accountId: dana }, at(T));
    expect(lastEvent(dana)).toMatchObject({
      aggregateversion: 2,
      data: { name: "Deleted account", roles: [], sessionsValidAfter: "2026-11-30T01:00:00.000Z" },
    });
    expect(JSON.stringify(lastEvent(dana))).not.toContain("dana@example.com");
    expect(await authenticate(db, { email: "dana@example.com", password: "dana-password" })).toBeNull();
    expect(
      await createAccount(db, { name: "Dana again", email: "dana@example.com", password: "dana-password" }),
    ).toMatchObject({ ok: true });
    expect(() => deleteAccount(db, { actorId: admin, accountId: dana })).toThrow(AccountChangeRefused);
  });

  it("refuses changing one's own role or deleting oneself, and unknown accounts", () => {
    expect(() =>
      setAdministrator(db, { actorId: admin, accountId: admin, change: { admin: false } }),
    ).toThrow(/your own/);
    expect(() => deleteAccount(db, { actorId: admin, accountId: admin })).toThrow(/your own/);
    expect(() =>
      setAdministrator(db, { actorId: admin, accountId: "nobody", change: { admin: true } }),
    ).toThrow(/No such account/);
  });

  it("validates its input with one schema each", () => {
    expect(accountRoleChangeSchema.safeParse({ admin: "yes" }).success).toBe(false);
    expect(accountRoleChangeSchema.safeParse({ admin: false, roles: ["admin"] }).success).toBe(false);
    const same = passwordChangeSchema.safeParse({
      currentPassword: "same-password",
      newPassword: "same-password",
    });
    expect(same.success).toBe(false);
    expect(passwordChangeSchema.safeParse({ currentPassword: "x", newPassword: "short" }).success).toBe(
      false,
    );
  });
});
