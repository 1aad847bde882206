// The suite's secrets, created once under its data directory and reused afterwards: random
// passwords, the session signing keys, the first administrator's sign-in.
// Plain Node ESM, Node built-ins only.
import { createHash, generateKeyPairSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_ADMIN_EMAIL } from "./env.mjs";

/** @typedef {Record<string, string>} Jwk */
/** @typedef {{ privateJwk: Jwk; publicJwk: Jwk; file?: string }} SessionKeys */

/** 24 random letters and digits (no characters a shell, a URL or a CLI could misread). */
export function generatePassword(length = 24) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += alphabet[byte % 62];
    }
  }
  return out;
}

function jwkThumbprint(jwk) {
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash("sha256").update(canonical).digest("base64url");
}

/**
 * A fresh ES256 (P-256) key pair as JWKs: { privateJwk, publicJwk } (with kid, alg, use).
 * @returns {SessionKeys}
 */
export function generateSessionKeys() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pub = publicKey.export({ format: "jwk" });
  const kid = jwkThumbprint(pub);
  const meta = { kid, alg: "ES256", use: "sig" };
  return {
    privateJwk: { ...privateKey.export({ format: "jwk" }), ...meta },
    publicJwk: { ...pub, ...meta },
  };
}

/**
 * The session signing keys of the suite under `dir` (a data directory): generated once into
 * `<dir>/keys/session.json` and reused afterwards. Returns { privateJwk, publicJwk, file }.
 * @param {string} dir
 * @returns {SessionKeys & { file: string }}
 */
export function ensureSessionKeys(dir) {
  const file = path.join(path.resolve(dir), "keys", "session.json");
  try {
    const stored = JSON.parse(readFileSync(file, "utf8"));
    if (stored.privateJwk?.d && stored.publicJwk?.x) return { ...stored, file };
  } catch {
    /* create below */
  }
  const keys = generateSessionKeys();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return { ...keys, file };
}

/**
 * The first administrator's sign-in for the suite under `dir` (a data directory): `password` (the
 * operator's ADMIN_PASSWORD) when given; else a random password created once into
 * `<dir>/keys/administrator.json` (0600, like the broker's credentials) and reused afterwards.
 * `store` seeds the administrator with it on the first start; an administrator created earlier keeps
 * the password it was created with. Returns { email, password, file, source }: source is
 * "environment", "created" or "stored".
 * @param {string} dir
 * @param {{ email?: string; password?: string }} [options]
 * @returns {{ email: string; password: string; file: string; source: "environment" | "created" | "stored" }}
 */
export function ensureAdminCredentials(dir, { email = DEFAULT_ADMIN_EMAIL, password } = {}) {
  const file = path.join(path.resolve(dir), "keys", "administrator.json");
  if (password) return { email, password, file, source: "environment" };
  try {
    const stored = JSON.parse(readFileSync(file, "utf8"));
    if (typeof stored.password === "string" && stored.password.length >= 8) {
      return { email, password: stored.password, file, source: "stored" };
    }
  } catch {
    /* create below */
  }
  const created = generatePassword();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ email, password: created }, null, 2)}\n`, { mode: 0o600 });
  return { email, password: created, file, source: "created" };
}
