/**
 * Limits of POST /api/session and POST /api/accounts (issue 10, item 2), against the real route
 * handlers with a temp-file database. Clients are told apart by the peer address the server stamps
 * on every request (src/lib/client-address.ts); here the tests set it as the server would.
 */
import { randomBytes, scryptSync } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { PEER_HEADER } from "@/lib/client-address";
import { setUpRouteEnv, urls } from "@/testing/route-env";

// scrypt at a test's cost (src/testing/cheap-scrypt.ts): these tests are about limits and flows.
vi.mock("node:crypto", async (importOriginal) =>
  (await import("@/testing/cheap-scrypt")).cheapScrypt(importOriginal),
);

setUpRouteEnv();

type Route = (request: Request, context: unknown) => Promise<Response>;
let session: { POST: Route };
let accountsRoute: { POST: Route };
const noContext = { params: Promise.resolve({}) };

const post = (path: string, body: unknown, client: string) =>
  new Request(`${urls.store}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", [PEER_HEADER]: client },
    body: JSON.stringify(body),
  });

const signIn = (client: string, email: string, password: string) =>
  session.POST(post("/api/session", { email, password }, client), noContext);

beforeAll(async () => {
  session = (await import("@/app/api/session/route")) as unknown as typeof session;
  accountsRoute = (await import("@/app/api/accounts/route")) as unknown as typeof accountsRoute;
  const created = await accountsRoute.POST(
    post(
      "/api/accounts",
      { name: "Victim", email: "victim@example.com", password: "victim-password" },
      "10.9.9.9",
    ),
    noContext,
  );
  expect(created.status).toBe(201);
});

afterEach(() => {
  vi.useRealTimers();
});

async function expectRefused(response: Response, status = 429) {
  expect(response.status).toBe(status);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(await response.json()).toEqual({ error: expect.stringMatching(/Try again in/), issues: [] });
}

describe("sign-in limits (POST /api/session)", () => {
  it("a flood from one client is refused at once but for one attempt; a returning user signs in meanwhile", async () => {
    // The user signed in before from this browser: its device cookie makes it a trusted client.
    const first = await signIn("10.0.0.7", "victim@example.com", "victim-password");
    const device = first.headers
      .getSetCookie()
      .find((c) => c.startsWith("scs_device="))
      ?.split(";", 1)[0] as string;
    const flood = Array.from({ length: 30 }, () =>
      signIn("10.0.0.66", "victim@example.com", "wrong-password"),
    );
    const user = await session.POST(
      new Request(`${urls.store}/api/session`, {
        method: "POST",
        headers: { "content-type": "application/json", [PEER_HEADER]: "10.0.0.7", cookie: device },
        body: JSON.stringify({ email: "victim@example.com", password: "victim-password" }),
      }),
      noContext,
    );
    // Its hash started at once, in the slot kept for trusted clients (it never waits for the flood's).
    expect(user.status).toBe(200);
    const answers = await Promise.all(flood);
    const statuses = answers.map((r) => r.status);
    // One hash at a time per client and none waiting: the other 29 are refused without hashing.
    expect(statuses.filter((s) => s === 429)).toHaveLength(29);
    expect(statuses.filter((s) => s === 401)).toHaveLength(1);
    await expectRefused(answers.find((r) => r.status === 429) as Response);
  });

  it("5 wrong passwords for an account lock that client out of it (even with the right one), not others", async () => {
    for (let i = 0; i < 5; i++) {
      expect((await signIn("10.0.0.67", "victim@example.com", `wrong-password-${i}`)).status).toBe(401);
    }
    await expectRefused(await signIn("10.0.0.67", "victim@example.com", "victim-password"));
    expect((await signIn("10.0.0.8", "victim@example.com", "victim-password")).status).toBe(200);
  });

  it("a client's failed attempts count across accounts: the 11th within a minute is refused", async () => {
    // Unknown emails cost a (decoy) hash like known ones, and count the same. The clock stands
    // still meanwhile: on a busy machine ten hashes take long enough for the bucket to refill.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    for (let i = 0; i < 10; i++) {
      expect((await signIn("10.0.0.68", `nobody${i}@example.com`, "wrong-password")).status).toBe(401);
    }
    const refused = await signIn("10.0.0.68", "someone-else@example.com", "whatever-password");
    await expectRefused(refused);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    vi.useRealTimers();
  });

  it("a correct sign-in does not count against the client", async () => {
    for (let i = 0; i < 11; i++) {
      expect((await signIn("10.0.0.9", "victim@example.com", "victim-password")).status).toBe(200);
    }
  });

  it("rehashes a password stored with older scrypt parameters at its next sign-in", async () => {
    const { getDb } = await import("@/db/client");
    const { findAccountByEmail } = await import("@/db/queries/accounts");
    const { accounts } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    const salt = randomBytes(16);
    const key = scryptSync("old-password", salt, 64, { N: 2 ** 14, r: 8, p: 1 });
    const old = ["scrypt", 2 ** 14, 8, 1, salt.toString("base64url"), key.toString("base64url")].join("$");
    const db = getDb();
    db.update(accounts).set({ passwordHash: old }).where(eq(accounts.email, "victim@example.com")).run();
    const before = findAccountByEmail(db, "victim@example.com");
    expect((await signIn("10.0.0.10", "victim@example.com", "old-password")).status).toBe(200);
    const after = findAccountByEmail(db, "victim@example.com");
    expect(after?.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(after?.version).toBe(before?.version); // not an account change other systems copy
    expect((await signIn("10.0.0.10", "victim@example.com", "old-password")).status).toBe(200);
  });
});

describe("device cookies (OWASP): a client that signed in before is trusted for that account", () => {
  const owner = { name: "Owner", email: "owner@example.com", password: "owner-password" };
  const deviceCookieOf = (response: Response) =>
    response.headers
      .getSetCookie()
      .find((c) => c.startsWith("scs_device="))
      ?.split(";", 1)[0];
  const signInWith = (client: string, password: string, cookie?: string) =>
    session.POST(
      new Request(`${urls.store}/api/session`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          [PEER_HEADER]: client,
          ...(cookie ? { cookie } : {}),
        },
        body: JSON.stringify({ email: owner.email, password }),
      }),
      noContext,
    );

  beforeAll(async () => {
    expect((await accountsRoute.POST(post("/api/accounts", owner, "10.0.2.1"), noContext)).status).toBe(201);
  });

  it("signs its owner in while the account is locked for everyone else, until the device fails 5 times", async () => {
    const first = await signInWith("10.0.2.2", owner.password);
    expect(first.status).toBe(200);
    const device = deviceCookieOf(first);
    expect(device).toMatch(/^scs_device=v1\./);
    expect(first.headers.getSetCookie().find((c) => c.startsWith("scs_device="))).toMatch(
      /HttpOnly; SameSite=Lax; Max-Age=15552000/,
    );
    // A cookie of another account earns no trust here.
    const other = await signIn("10.0.2.3", "victim@example.com", "victim-password");
    const otherDevice = deviceCookieOf(other);

    // The account's own bucket emptied, as 20 failures from 4 addresses would leave it.
    const { guard } = await import("@/auth/sign-in-guard");
    while (guard().signInAccount.take(owner.email).ok);
    await expectRefused(await signInWith("10.0.2.4", owner.password));
    await expectRefused(await signInWith("10.0.2.4", owner.password, otherDevice));
    await expectRefused(await signInWith("10.0.2.4", owner.password, `${device}x`));
    const trusted = await signInWith("10.0.2.4", owner.password, device);
    expect(trusted.status).toBe(200);
    expect(deviceCookieOf(trusted)).not.toBe(device); // renewed at every sign-in

    // Five wrong passwords from the device, then it counts as untrusted (and the account is locked).
    for (let i = 0; i < 5; i++) expect((await signInWith("10.0.2.5", `wrong-${i}`, device)).status).toBe(401);
    await expectRefused(await signInWith("10.0.2.5", owner.password, device));
  });
});

describe("password change (the account page): a stolen session is no way to guess the password", () => {
  it("refuses the 6th wrong current password within a minute, even a right one then", async () => {
    const { guardedChangePassword } = await import("@/auth/sign-in-guard");
    const { getDb } = await import("@/db/client");
    const { findAccountByEmail } = await import("@/db/queries/accounts");
    const person = { name: "Changer", email: "changer@example.com", password: "changer-password" };
    expect((await accountsRoute.POST(post("/api/accounts", person, "10.0.4.1"), noContext)).status).toBe(201);
    const id = findAccountByEmail(getDb(), person.email)?.id as string;
    const change = (currentPassword: string) =>
      guardedChangePassword("10.0.4.2", id, { currentPassword, newPassword: "a-new-password" }).catch(
        (error: unknown) => error,
      );
    for (let i = 0; i < 5; i++)
      expect(await change(`wrong-${i}`)).toMatchObject({ field: "currentPassword" });
    expect(await change(person.password)).toMatchObject({
      refusal: { status: 429, message: expect.stringMatching(/Too many wrong passwords/) },
    });
  });
});

describe("sign-up limits (POST /api/accounts)", () => {
  it("counts every attempt of a client, an email already taken included: the 21st is refused", async () => {
    const again = { name: "Again", email: "victim@example.com", password: "another-password" };
    for (let i = 0; i < 20; i++) {
      const response = await accountsRoute.POST(post("/api/accounts", again, "10.0.0.20"), noContext);
      expect(response.status).toBe(409);
    }
    await expectRefused(await accountsRoute.POST(post("/api/accounts", again, "10.0.0.20"), noContext));
    // Another client is not affected.
    const other = await accountsRoute.POST(post("/api/accounts", again, "10.0.0.21"), noContext);
    expect(other.status).toBe(409);
  });
});
