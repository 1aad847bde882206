/**
 * Suite sign-in (CONTRACT "Identity"): store signs an ES256 JWT; catalog and music verify it
 * with store's public key, so they never call store while serving a request.
 */
import { importJWK, type JWK, jwtVerify } from "jose";
import { z } from "zod";

export const SESSION_COOKIE = "scs_session";
export const SESSION_AUDIENCE = "scs";
export const SESSION_ALG = "ES256";

export const roleSchema = z.enum(["customer", "admin"]);
export type Role = z.infer<typeof roleSchema>;

const sessionSchema = z.object({
  sub: z.string().min(1),
  email: z.string(),
  name: z.string(),
  roles: z.array(roleSchema),
});
/** `iat` may carry milliseconds (store issues it so), to compare it with "sessions valid after". */
const claimsSchema = sessionSchema.extend({ iat: z.number().finite(), exp: z.number().finite() });

export type Session = z.infer<typeof sessionSchema>;

/**
 * What a system knows of an account from its own database (store: its accounts; catalog and music:
 * the copy of `store.customer.upserted` they replicate), to revoke sessions without calling store.
 */
export interface AccountState {
  /** Sessions issued before this instant (ms since the epoch) are revoked; null: none are. */
  sessionsValidAfter: number | null;
  /** The account's current roles when known (null: not said): a session never has more. */
  roles: readonly Role[] | null;
}

/** The local state of an account, or undefined when this system holds no copy of it (yet). */
export type AccountLookup = (accountId: string) => AccountState | undefined;

/**
 * A verified session checked against the account's local state: null when it was issued before
 * the account's "sessions valid after" instant (password changed, signed out everywhere, demoted,
 * deleted); otherwise the session with its roles narrowed to the account's current roles. An
 * account this system has no copy of yet is taken at the token's word (its copy may still be on
 * its way; a deleted account keeps a copy, so deletion always revokes).
 */
export function checkSession(
  session: Session,
  issuedAtMs: number,
  state: AccountState | undefined,
): Session | null {
  if (!state) return session;
  if (state.sessionsValidAfter !== null && issuedAtMs < state.sessionsValidAfter) return null;
  if (state.roles === null) return session;
  const current = state.roles;
  return { ...session, roles: session.roles.filter((role) => current.includes(role)) };
}

export const isAdmin = (session: Session | null): session is Session => !!session?.roles.includes("admin");

const keyCache = new Map<string, Promise<CryptoKey | Uint8Array>>();
function publicKey(jwk: string) {
  let key = keyCache.get(jwk);
  if (!key) {
    key = importJWK(JSON.parse(jwk) as JWK, SESSION_ALG) as Promise<CryptoKey | Uint8Array>;
    keyCache.set(jwk, key);
  }
  return key;
}

/**
 * A tampered, expired, foreign or revoked token is treated as "signed out": null, never an error.
 * `exp` and `iat` are required (a token without an expiry would be valid forever). With
 * `accountState`, the session is checked against the account's local state (`checkSession`).
 */
export async function verifySessionToken(
  token: string | undefined,
  options: { publicJwk: string; issuer: string; accountState?: AccountLookup },
): Promise<Session | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, await publicKey(options.publicJwk), {
      algorithms: [SESSION_ALG],
      audience: SESSION_AUDIENCE,
      issuer: options.issuer,
      requiredClaims: ["exp", "iat"],
    });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return null;
    const { iat, exp: _exp, ...session } = claims.data;
    if (!options.accountState) return session;
    return checkSession(session, Math.round(iat * 1000), options.accountState(session.sub));
  } catch {
    return null;
  }
}

/** The token of a request: `Authorization: Bearer …` first, else the session cookie. */
export function tokenFromRequest(headers: Headers, cookieValue: string | undefined): string | undefined {
  const auth = headers.get("authorization");
  if (auth?.toLowerCase().startsWith("bearer ")) return auth.slice(7).trim() || undefined;
  return cookieValue;
}

/** Where to send a visitor who must sign in: store's sign-in page, then back to `returnTo`. */
export const signInUrl = (storeUrl: string, returnTo: string) =>
  `${storeUrl}/signin?returnTo=${encodeURIComponent(returnTo)}`;
