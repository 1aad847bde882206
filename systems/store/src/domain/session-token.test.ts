import { generateKeyPairSync } from "node:crypto";
import { verifySessionToken } from "@scs/web/session";
import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { signSessionToken } from "./session-token";

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return {
    privateJwk: JSON.stringify({ ...privateKey.export({ format: "jwk" }), kid: "test-key" }),
    publicJwk: JSON.stringify(publicKey.export({ format: "jwk" })),
  };
}

const keys = keyPair();
const issuer = "http://localhost:3203";
const session = { sub: "acc-1", email: "dana@example.com", name: "Dana Demo", roles: ["customer" as const] };

describe("session tokens", () => {
  it("round-trips through the shared verification with store's public key", async () => {
    const token = await signSessionToken(session, { privateJwk: keys.privateJwk, issuer });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", kid: "test-key" });
    expect(await verifySessionToken(token, { publicJwk: keys.publicJwk, issuer })).toEqual(session);
  });

  it("expires after 12 hours", async () => {
    const thirteenHoursAgo = Date.now() - 13 * 3600 * 1000;
    const stale = await signSessionToken(
      session,
      { privateJwk: keys.privateJwk, issuer },
      { now: thirteenHoursAgo },
    );
    expect(await verifySessionToken(stale, { publicJwk: keys.publicJwk, issuer })).toBeNull();
    const elevenHoursAgo = Date.now() - 11 * 3600 * 1000;
    const fresh = await signSessionToken(
      session,
      { privateJwk: keys.privateJwk, issuer },
      { now: elevenHoursAgo },
    );
    expect(await verifySessionToken(fresh, { publicJwk: keys.publicJwk, issuer })).toEqual(session);
  });

  it("rejects a token whose claims were tampered with", async () => {
    const token = await signSessionToken(session, { privateJwk: keys.privateJwk, issuer });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ["customer", "admin"] })).toString(
      "base64url",
    );
    expect(
      await verifySessionToken(`${header}.${forged}.${signature}`, { publicJwk: keys.publicJwk, issuer }),
    ).toBeNull();
  });

  it("rejects a token signed with another key or for another issuer", async () => {
    const other = keyPair();
    const foreign = await signSessionToken(session, { privateJwk: other.privateJwk, issuer });
    expect(await verifySessionToken(foreign, { publicJwk: keys.publicJwk, issuer })).toBeNull();
    const elsewhere = await signSessionToken(session, {
      privateJwk: keys.privateJwk,
      issuer: "http://evil.example",
    });
    expect(await verifySessionToken(elsewhere, { publicJwk: keys.publicJwk, issuer })).toBeNull();
  });
});
