/**
 * The back office's account changes through the real route handlers: administrators only, one
 * schema, clear 4xx (never a 500, also for 1,000 generated requests), and a demotion or deletion
 * that ends the account's earlier sessions in store at once.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { sessionToken, setUpRouteEnv, urls } from "@/testing/route-env";

// scrypt at a test's cost (src/testing/cheap-scrypt.ts): these tests are about limits and flows.
vi.mock("node:crypto", async (importOriginal) =>
  (await import("@/testing/cheap-scrypt")).cheapScrypt(importOriginal),
);

setUpRouteEnv();

type Route = (request: Request, context: unknown) => Promise<Response>;
let PATCH: Route;
let DELETE: Route;
let ordersGet: Route;
let adminId: string;
let adminToken: string;

/** An account stored directly (no password hashing: scrypt is slow on purpose). */
async function account(roles: ("customer" | "admin")[]): Promise<{ id: string; token: string }> {
  const { getDb } = await import("@/db/client");
  const { insertAccount } = await import("@/db/queries/accounts");
  const id = crypto.randomUUID();
  getDb().transaction((tx) =>
    insertAccount(tx, {
      id,
      email: `${id}@example.com`,
      name: "Test",
      passwordHash: "scrypt$unused",
      roles,
      version: 1,
      createdAt: 0,
      updatedAt: 0,
      sessionsValidAfter: null,
      deletedAt: null,
    }),
  );
  return { id, token: await sessionToken({ sub: id, roles }) };
}

const call = (
  route: Route,
  id: string,
  init: { token?: string; body?: string; type?: string; method: string },
) =>
  route(
    new Request(`${urls.store}/api/accounts/${encodeURIComponent(id)}`, {
      method: init.method,
      headers: {
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body === undefined ? {} : { "content-type": init.type ?? "application/json" }),
      },
      ...(init.body === undefined ? {} : { body: init.body }),
    }),
    { params: Promise.resolve({ id }) },
  );

beforeAll(async () => {
  ({ PATCH, DELETE } = (await import("./route")) as unknown as { PATCH: Route; DELETE: Route });
  ordersGet = ((await import("@/app/api/orders/route")) as unknown as { GET: Route }).GET;
  ({ id: adminId, token: adminToken } = await account(["customer", "admin"]));
});

const ordersStatus = async (token: string) =>
  (
    await ordersGet(
      new Request(`${urls.store}/api/orders`, { headers: { authorization: `Bearer ${token}` } }),
      {},
    )
  ).status;

describe("PATCH and DELETE /api/accounts/{id}", () => {
  it("refuses visitors (401) and customers (403)", async () => {
    const target = await account(["customer"]);
    expect((await call(PATCH, target.id, { method: "PATCH", body: '{"admin":true}' })).status).toBe(401);
    const customer = await account(["customer"]);
    const refused = await call(PATCH, target.id, {
      method: "PATCH",
      token: customer.token,
      body: '{"admin":true}',
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: "Only administrators may change accounts" });
    expect((await call(DELETE, target.id, { method: "DELETE", token: customer.token })).status).toBe(403);
  });

  it("answers 400, 415, 404 and 409 with a clear message", async () => {
    const target = await account(["customer"]);
    const bad = await call(PATCH, target.id, { method: "PATCH", token: adminToken, body: '{"admin":"yes"}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      issues: [{ path: "admin", message: "admin must be true or false" }],
    });
    expect(
      (await call(PATCH, target.id, { method: "PATCH", token: adminToken, body: "x", type: "text/plain" }))
        .status,
    ).toBe(415);
    expect(
      (await call(PATCH, "nobody", { method: "PATCH", token: adminToken, body: '{"admin":true}' })).status,
    ).toBe(404);
    const self = await call(PATCH, adminId, { method: "PATCH", token: adminToken, body: '{"admin":false}' });
    expect(self.status).toBe(409);
    expect(await self.json()).toMatchObject({ error: "You cannot change your own administrator role" });
    expect((await call(DELETE, adminId, { method: "DELETE", token: adminToken })).status).toBe(409);
  });

  it("demotes an administrator: 200 with the new roles, and the old session is refused at once", async () => {
    const other = await account(["customer", "admin"]);
    expect(await ordersStatus(other.token)).toBe(200);
    const demoted = await call(PATCH, other.id, {
      method: "PATCH",
      token: adminToken,
      body: '{"admin":false}',
    });
    expect(demoted.status).toBe(200);
    expect(await demoted.json()).toMatchObject({ id: other.id, roles: ["customer"] });
    expect(await ordersStatus(other.token)).toBe(401);
  });

  it("deletes an account: 204, its sessions end, a second delete is 404", async () => {
    const target = await account(["customer"]);
    expect(await ordersStatus(target.token)).toBe(200);
    expect((await call(DELETE, target.id, { method: "DELETE", token: adminToken })).status).toBe(204);
    expect(await ordersStatus(target.token)).toBe(401);
    expect((await call(DELETE, target.id, { method: "DELETE", token: adminToken })).status).toBe(404);
  });

  it("never answers 500 to 1,000 generated requests", async () => {
    const target = await account(["customer"]);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constant(target.id), fc.constant(adminId), fc.string({ maxLength: 120 })),
        fc.oneof(
          fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
          fc.string({ maxLength: 50 }),
        ),
        fc.constantFrom("application/json", "text/plain", "application/merge-patch+json"),
        fc.boolean(),
        async (id, body, type, asAdmin) => {
          const token = asAdmin ? adminToken : undefined;
          const patch = await call(PATCH, id, { method: "PATCH", ...(token ? { token } : {}), body, type });
          expect([200, 400, 401, 404, 409, 413, 415]).toContain(patch.status);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
