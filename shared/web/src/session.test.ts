import { generateKeyPairSync } from "node:crypto";
import { importJWK, type JWK, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { type AccountState, SESSION_ALG, SESSION_AUDIENCE, verifySessionToken } from "./session";

const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const publicJwk = JSON.stringify(publicKey.export({ format: "jwk" }));
const issuer = "http://store.test";
const claims = { email: "ada@example.com", name: "Ada", roles: ["customer", "admin"] };

async function token({ iat, exp }: { iat?: number; exp?: number }) {
  const key = await importJWK(privateKey.export({ format: "jwk" }) as JWK, SESSION_ALG);
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: SESSION_ALG })
    .setSubject("acc-1")
    .setIssuer(issuer)
    .setAudience(SESSION_AUDIENCE);
  if (iat !== undefined) jwt.setIssuedAt(iat);
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.sign(key);
}

const now = Date.now();
const inAnHour = Math.floor(now / 1000) + 3600;

describe("verifySessionToken", () => {
  it("refuses a token without an expiry, or without its time of issue", async () => {
    expect(await verifySessionToken(await token({ iat: now / 1000 }), { publicJwk, issuer })).toBeNull();
    expect(await verifySessionToken(await token({ exp: inAnHour }), { publicJwk, issuer })).toBeNull();
    expect(
      await verifySessionToken(await token({ iat: now / 1000, exp: inAnHour }), { publicJwk, issuer }),
    ).toMatchObject({ sub: "acc-1", roles: ["customer", "admin"] });
  });

  it("refuses a session issued before the account's 'sessions valid after' instant, to the millisecond", async () => {
    const issued = await token({ iat: (now - 1) / 1000, exp: inAnHour });
    const state = (sessionsValidAfter: number | null): AccountState => ({ sessionsValidAfter, roles: null });
    const verify = (s: AccountState | undefined) =>
      verifySessionToken(issued, { publicJwk, issuer, accountState: () => s });
    expect(await verify(state(now))).toBeNull();
    expect(await verify(state(now - 1))).toMatchObject({ sub: "acc-1" });
    expect(await verify(state(null))).toMatchObject({ sub: "acc-1" });
    // No copy of the account here (yet): the token's word stands.
    expect(await verify(undefined)).toMatchObject({ sub: "acc-1" });
  });

  it("never gives a session more roles than the account has now", async () => {
    const issued = await token({ iat: now / 1000, exp: inAnHour });
    const verified = await verifySessionToken(issued, {
      publicJwk,
      issuer,
      accountState: (id) => (id === "acc-1" ? { sessionsValidAfter: null, roles: ["customer"] } : undefined),
    });
    expect(verified?.roles).toEqual(["customer"]);
  });
});
