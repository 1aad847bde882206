/**
 * Issuing suite sessions (CONTRACT "Identity"): an ES256 JWT signed with store's private key.
 * Verification is the shared `verifySessionToken` (catalog and music use it with the public key).
 */
import { SESSION_ALG, SESSION_AUDIENCE, type Session } from "@scs/web/session";
import { importJWK, type JWK, SignJWT } from "jose";

/** A session lasts 12 hours; then the visitor signs in again. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface SigningConfig {
  /** store's EC P-256 private key as a JSON JWK. */
  privateJwk: string;
  /** store's URL: the token's issuer. */
  issuer: string;
}

const keys = new Map<string, Promise<{ key: CryptoKey | Uint8Array; kid?: string }>>();
function signingKey(privateJwk: string) {
  let key = keys.get(privateJwk);
  if (!key) {
    const jwk = JSON.parse(privateJwk) as JWK;
    key = importJWK(jwk, SESSION_ALG).then((k) => ({ key: k as CryptoKey | Uint8Array, kid: jwk.kid }));
    keys.set(privateJwk, key);
  }
  return key;
}

export async function signSessionToken(
  session: Session,
  config: SigningConfig,
  { now = Date.now(), ttlSeconds = SESSION_TTL_SECONDS } = {},
): Promise<string> {
  const { key, kid } = await signingKey(config.privateJwk);
  // `iat` keeps the milliseconds (a NumericDate may be fractional, RFC 7519 §2): a session issued
  // right after "sessions valid after" was moved (e.g. the new one of a password change) stays
  // valid, one issued the same second before it does not (docs/decisions/0016).
  const issuedAt = now / 1000;
  return new SignJWT({ email: session.email, name: session.name, roles: session.roles })
    .setProtectedHeader(kid ? { alg: SESSION_ALG, typ: "JWT", kid } : { alg: SESSION_ALG, typ: "JWT" })
    .setSubject(session.sub)
    .setIssuer(config.issuer)
    .setAudience(SESSION_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(Math.floor(issuedAt) + ttlSeconds)
    .sign(key);
}
