/**
 * For tests that call store's route handlers directly: a throwaway data directory (real SQLite
 * file), a fresh session key pair and suite URLs, set in process.env BEFORE the routes (and
 * `@/env`) are imported. Use: `setUpRouteEnv()` at the top of the file, then `await import(route)`.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { importJWK, type JWK, SignJWT } from "jose";

export const urls = {
  catalog: "http://catalog.test:4101",
  music: "http://music.test:4102",
  store: "http://store.test:4103",
} as const;

let keys: { privateJwk: JWK; publicJwk: JWK } | undefined;

export function setUpRouteEnv(): { dataDir: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  keys = {
    privateJwk: privateKey.export({ format: "jwk" }) as JWK,
    publicJwk: publicKey.export({ format: "jwk" }) as JWK,
  };
  const dataDir = mkdtempSync(path.join(tmpdir(), "store-routes-"));
  Object.assign(process.env, {
    DATA_DIR: dataDir,
    CATALOG_URL: urls.catalog,
    MUSIC_URL: urls.music,
    STORE_URL: urls.store,
    AMQP_URL: "amqp://store:unused@127.0.0.1:1/scs",
    SESSION_PRIVATE_JWK: JSON.stringify(keys.privateJwk),
    SESSION_PUBLIC_JWK: JSON.stringify(keys.publicJwk),
    ADMIN_PASSWORD: "admin-password",
  });
  return { dataDir };
}

interface TokenOptions {
  sub?: string;
  roles?: string[];
  /** Seconds from now; negative = already expired. */
  expiresIn?: number;
  issuer?: string;
  audience?: string;
  /** Sign with another key than store's. */
  foreignKey?: boolean;
}

/** A session token as store would issue it (or deliberately not quite, for the negative tests). */
export async function sessionToken(options: TokenOptions = {}): Promise<string> {
  if (!keys) throw new Error("call setUpRouteEnv() first");
  const jwk = options.foreignKey
    ? (generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" }) as JWK)
    : keys.privateJwk;
  const now = Math.floor(Date.now() / 1000);
  const sub = options.sub ?? randomUUID();
  return new SignJWT({
    email: `${sub}@example.com`,
    name: "Test Customer",
    roles: options.roles ?? ["customer"],
  })
    .setProtectedHeader({ alg: "ES256" })
    .setSubject(sub)
    .setIssuer(options.issuer ?? urls.store)
    .setAudience(options.audience ?? "scs")
    .setIssuedAt(now - 60)
    .setExpirationTime(now + (options.expiresIn ?? 3600))
    .sign(await importJWK(jwk, "ES256"));
}

/** Replaces the signature's last characters: same claims, invalid signature. */
export const tamper = (token: string) =>
  `${token.slice(0, -6)}${token.slice(-6) === "AAAAAA" ? "BBBBBB" : "AAAAAA"}`;

/** Changes a claim in the payload without re-signing (e.g. making oneself an admin). */
export function forgeClaims(token: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = token.split(".");
  const decoded = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
  const forged = Buffer.from(JSON.stringify({ ...decoded, ...claims })).toString("base64url");
  return [header, forged, signature].join(".");
}
