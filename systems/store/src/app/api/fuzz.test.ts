/**
 * Fuzzing store's JSON write endpoints with fast-check: 1,000 generated requests each (valid,
 * nearly valid and garbage bodies, wrong and missing content types, oversized bodies, good and bad
 * tokens) against the real route handlers and a temp-file database. Whatever comes in, the answer
 * is a documented status with the error JSON, never a 500.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { sessionToken, setUpRouteEnv, tamper, urls } from "@/testing/route-env";

// scrypt at a test's cost (src/testing/cheap-scrypt.ts): these tests are about limits and flows.
vi.mock("node:crypto", async (importOriginal) =>
  (await import("@/testing/cheap-scrypt")).cheapScrypt(importOriginal),
);

setUpRouteEnv();

const RUNS = 1_000;
// 429/503: sign-in and sign-up limits and the hashing queue (src/auth/sign-in-guard.ts).
const ALLOWED = [200, 201, 400, 401, 409, 413, 415, 429, 503];

type Route = (request: Request, context: unknown) => Promise<Response>;
const context = { params: Promise.resolve({}) };

let accountsPost: Route;
let sessionPost: Route;
let ordersPost: Route;
let customerToken: string;

beforeAll(async () => {
  accountsPost = ((await import("@/app/api/accounts/route")) as unknown as { POST: Route }).POST;
  sessionPost = ((await import("@/app/api/session/route")) as unknown as { POST: Route }).POST;
  ordersPost = ((await import("@/app/api/orders/route")) as unknown as { POST: Route }).POST;
  const { getDb } = await import("@/db/client");
  const { putOffer } = await import("@/testing/fixtures");
  const { createAccount } = await import("@/domain/accounts");
  const db = getDb();
  putOffer(db, { source: "catalog", itemId: "mug", priceCents: 1800, stock: 5 });
  putOffer(db, { source: "catalog", itemId: "pan", stock: 0, available: false });
  putOffer(db, { source: "music", itemId: "night-drive", priceCents: 999 });
  const created = await createAccount(db, {
    email: "fuzz@example.com",
    password: "fuzz-password",
    name: "Fuzz",
  });
  if (!created.ok) throw new Error("fixture account");
  customerToken = await sessionToken({ sub: created.account.id });
});

/** A field that is usually plausible and sometimes any JSON value at all. */
const field = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) });

const email = fc.oneof(
  fc.uuid().map((id) => `${id.slice(0, 13)}@example.com`),
  fc.emailAddress(),
  fc.constant("fuzz@example.com"),
  fc.string({ maxLength: 40 }),
  fc.string({ minLength: 250, maxLength: 300 }).map((s) => `${s}@example.com`),
);
const password = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ minLength: 8, maxLength: 40 }),
  fc.constant("fuzz-password"),
);
const name = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constant("   "),
  fc.string({ minLength: 110, maxLength: 140 }),
);

const accountBody = fc.record(
  { email: field(email), password: field(password), name: field(name) },
  { requiredKeys: [] },
);
// Every well-formed sign-in costs an scrypt verification (~0.1 s), so most bodies here are not.
const credentialsBody = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({ email: field(email), password: field(password) }, { requiredKeys: [] }),
  },
  {
    weight: 4,
    arbitrary: fc.record(
      { email: fc.jsonValue(), password: fc.jsonValue(), extra: fc.jsonValue() },
      { requiredKeys: [] },
    ),
  },
);

const line = fc.record(
  {
    source: field(fc.constantFrom("catalog", "music", "elsewhere", "")),
    itemId: field(
      fc.oneof(fc.constantFrom("mug", "pan", "night-drive", "ghost"), fc.string({ maxLength: 120 })),
    ),
    quantity: field(fc.oneof(fc.integer({ min: -3, max: 120 }), fc.double(), fc.constant("2"))),
  },
  { requiredKeys: [] },
);
const goodOrder = fc.tuple(fc.integer({ min: 1, max: 99 }), fc.boolean()).map(([quantity, withAlbum]) => ({
  lines: [
    { source: "catalog", itemId: "mug", quantity },
    ...(withAlbum ? [{ source: "music", itemId: "night-drive", quantity: 1 }] : []),
  ],
}));
const orderBody = fc.oneof(
  { weight: 2, arbitrary: goodOrder },
  {
    weight: 4,
    arbitrary: fc.record({ lines: field(fc.array(line, { maxLength: 5 })) }, { requiredKeys: [] }),
  },
  { weight: 1, arbitrary: fc.record({ lines: fc.array(line, { minLength: 99, maxLength: 120 }) }) },
);

/** The raw request body: usually the JSON of a generated value, sometimes broken or huge. */
const rawBody = (value: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 12, arbitrary: value.map((v) => JSON.stringify(v) ?? "") },
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? "null") },
    { weight: 2, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: value.map((v) => (JSON.stringify(v) ?? "").slice(0, -1)) },
    { weight: 1, arbitrary: fc.constant("") },
    { weight: 1, arbitrary: fc.constant(`{"pad":"${"x".repeat(70_000)}"}`) },
  );

const contentType = fc.oneof(
  { weight: 10, arbitrary: fc.constant("application/json") },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "application/json; charset=utf-8",
      "application/cloudevents+json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
      "",
    ),
  },
);

function request(path: string, body: string, type: string, token?: string): Request {
  const headers = new Headers();
  if (type) headers.set("content-type", type);
  if (token) headers.set("authorization", `Bearer ${token}`);
  return new Request(`${urls.store}${path}`, { method: "POST", headers, body });
}

async function expectDocumented(response: Response, sent: string): Promise<void> {
  expect(ALLOWED, `status ${response.status} for ${sent.slice(0, 200)}`).toContain(response.status);
  if (response.status >= 400) {
    const body = (await response.json()) as { error?: unknown; issues?: unknown };
    expect(typeof body.error).toBe("string");
    expect(Array.isArray(body.issues)).toBe(true);
  }
}

describe("fuzzing the JSON write endpoints: documented answers only, never a 500", () => {
  it(`POST /api/accounts, ${RUNS} bodies`, async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(rawBody(accountBody), contentType, async (body, type) => {
        const response = await accountsPost(request("/api/accounts", body, type), context);
        seen.add(response.status);
        await expectDocumented(response, body);
      }),
      { numRuns: RUNS },
    );
    // The generator reaches the interesting answers, not only one kind of refusal.
    expect([...seen].sort()).toEqual(expect.arrayContaining([201, 400, 413, 415]));
  }, 180_000);

  it(`POST /api/session, ${RUNS} bodies`, async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(rawBody(credentialsBody), contentType, async (body, type) => {
        const response = await sessionPost(request("/api/session", body, type), context);
        seen.add(response.status);
        await expectDocumented(response, body);
      }),
      { numRuns: RUNS },
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining([400, 401, 413, 415]));
  }, 180_000);

  it(`POST /api/orders, ${RUNS} bodies with good, bad and missing tokens`, async () => {
    const seen = new Set<number>();
    const token = fc.oneof(
      { weight: 6, arbitrary: fc.constant<"good" | "none" | "tampered">("good") },
      { weight: 1, arbitrary: fc.constantFrom<"good" | "none" | "tampered">("none", "tampered") },
    );
    await fc.assert(
      fc.asyncProperty(rawBody(orderBody), contentType, token, async (body, type, which) => {
        const bearer =
          which === "good" ? customerToken : which === "tampered" ? tamper(customerToken) : undefined;
        const response = await ordersPost(request("/api/orders", body, type, bearer), context);
        seen.add(response.status);
        await expectDocumented(response, body);
      }),
      { numRuns: RUNS },
    );
    expect([...seen].sort()).toEqual(expect.arrayContaining([201, 400, 401, 413, 415]));
  }, 180_000);
});
