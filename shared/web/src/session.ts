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

const claimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string(),
  name: z.string(),
  roles: z.array(roleSchema),
});

export type Session = z.infer<typeof claimsSchema>;

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

/** A tampered, expired or foreign token is treated as "signed out": null, never an error. */
export async function verifySessionToken(
  token: string | undefined,
  options: { publicJwk: string; issuer: string },
): Promise<Session | null> {
  if (!token) return null;
  try {
    const { payload } = await jwtVerify(token, await publicKey(options.publicJwk), {
      algorithms: [SESSION_ALG],
      audience: SESSION_AUDIENCE,
      issuer: options.issuer,
    });
    const claims = claimsSchema.safeParse(payload);
    return claims.success ? claims.data : null;
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
