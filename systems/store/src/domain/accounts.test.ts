import { beforeEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type StoreDb } from "@/db/database";
import { findAccountByEmail } from "@/db/queries/accounts";
import { outbox } from "@/db/schema";
import {
  authenticate,
  createAccount,
  ensureAdministrator,
  newAccountSchema,
  republishCustomers,
} from "./accounts";

// scrypt at a test's cost (src/testing/cheap-scrypt.ts): these tests are about limits and flows.
vi.mock("node:crypto", async (importOriginal) =>
  (await import("@/testing/cheap-scrypt")).cheapScrypt(importOriginal),
);

let db: StoreDb;
beforeEach(() => {
  db = openDatabase(":memory:");
});

const events = () =>
  db
    .select()
    .from(outbox)
    .all()
    .map(
      (row) =>
        JSON.parse(row.body) as { type: string; subject: string; aggregateversion?: number; data: unknown },
    );

describe("accounts", () => {
  it("creates a customer with a lower-cased email and records store.customer.upserted in the outbox", async () => {
    const result = await createAccount(db, {
      name: "Dana Demo",
      email: "Dana@Example.com",
      password: "long-enough",
    });
    expect(result).toMatchObject({ ok: true, account: { email: "dana@example.com", roles: ["customer"] } });
    if (!result.ok) return;
    expect(events()).toEqual([
      expect.objectContaining({
        type: "store.customer.upserted",
        subject: result.account.id,
        aggregateversion: 1,
        data: { id: result.account.id, email: "dana@example.com", name: "Dana Demo", roles: ["customer"] },
      }),
    ]);
    expect(findAccountByEmail(db, "DANA@example.com")?.passwordHash).toMatch(/^scrypt\$/);
  });

  it("refuses a second account with the same email, whatever its case, without an event", async () => {
    await createAccount(db, { name: "Dana", email: "dana@example.com", password: "long-enough" });
    const again = await createAccount(db, {
      name: "Other",
      email: "DANA@example.com",
      password: "long-enough",
    });
    expect(again).toEqual({ ok: false, reason: "email-taken" });
    expect(events()).toHaveLength(1);
  });

  it("authenticates only with the right password, answering alike for unknown emails", async () => {
    await createAccount(db, { name: "Dana", email: "dana@example.com", password: "long-enough" });
    expect(await authenticate(db, { email: " Dana@example.com", password: "long-enough" })).toMatchObject({
      email: "dana@example.com",
    });
    expect(await authenticate(db, { email: "dana@example.com", password: "wrong-password" })).toBeNull();
    expect(await authenticate(db, { email: "nobody@example.com", password: "long-enough" })).toBeNull();
  });

  it("ensures the first administrator once, leaving an existing account alone", async () => {
    const admin = { email: "admin@example.com", password: "admin-password" };
    expect(await ensureAdministrator(db, admin)).toBe("created");
    expect(await ensureAdministrator(db, { ...admin, password: "changed-password" })).toBe("exists");
    expect(findAccountByEmail(db, "admin@example.com")?.roles).toEqual(["customer", "admin"]);
    expect(await authenticate(db, admin)).not.toBeNull();
    expect(events()).toHaveLength(1);
  });

  it("re-publishes every customer with its current version on a resync request", async () => {
    await createAccount(db, { name: "A", email: "a@example.com", password: "long-enough" });
    await createAccount(db, { name: "B", email: "b@example.com", password: "long-enough" });
    expect(
      db.transaction((tx) => republishCustomers(tx, { after: null, through: null, limit: 500 })),
    ).toHaveLength(2);
    const replayed = events().slice(2);
    expect(replayed.map((e) => [e.type, e.aggregateversion])).toEqual([
      ["store.customer.upserted", 1],
      ["store.customer.upserted", 1],
    ]);
  });

  it("validates new accounts with per-field messages", () => {
    const result = newAccountSchema.safeParse({ name: " ", email: "not-an-email", password: "short" });
    expect(result.success).toBe(false);
    const fields = result.error?.issues.map((i) => i.path[0]);
    expect(fields).toEqual(expect.arrayContaining(["name", "email", "password"]));
    expect(
      newAccountSchema.parse({ name: " Dana ", email: " Dana@Example.COM ", password: "12345678" }),
    ).toEqual({
      name: "Dana",
      email: "dana@example.com",
      password: "12345678",
    });
  });
});
