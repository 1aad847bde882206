/**
 * Password hashing with scrypt (node:crypto): a random salt per password, parameters stored
 * with the hash so they can be raised later without breaking existing accounts.
 * Format: `scrypt$N$r$p$salt$hash`, salt and hash in base64url.
 *
 * Parameters: OWASP's current minimum for scrypt, N=2^17, r=8, p=1 (128 MiB and a few hundred
 * milliseconds of one core per hash). Hashes stored with older parameters still verify;
 * `needsRehash` tells sign-in to replace them (docs/decisions/0014-sign-in-limits-and-hashing.md).
 * Every hash runs in the hashing queue of `src/auth/sign-in-guard.ts`, never unbounded.
 */
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

export const PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, N: number, r: number, p: number, keyLength: number) {
  return new Promise<Buffer>((resolve, reject) => {
    // maxmem must exceed 128 * N * r bytes (128 MiB at N=2^17, r=8), or scrypt refuses the
    // parameters (node's default maxmem is 32 MiB).
    scrypt(password.normalize("NFKC"), salt, keyLength, { N, r, p, maxmem: 256 * N * r }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const { N, r, p } = PARAMS;
  const hash = await derive(password, salt, N, r, p, KEY_LENGTH);
  return ["scrypt", N, r, p, salt.toString("base64url"), hash.toString("base64url")].join("$");
}

const FORMAT = /^scrypt\$(\d+)\$(\d+)\$(\d+)\$([\w-]+)\$([\w-]+)$/;

/** True when `password` matches `stored`; false for a wrong password or a malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = FORMAT.exec(stored);
  if (!match) return false;
  const [, n, r, p, salt, hash] = match as unknown as [string, string, string, string, string, string];
  const N = Number(n);
  // Refuse absurd parameters rather than letting a corrupted row allocate gigabytes.
  if (N < 2 || N > 2 ** 20 || (N & (N - 1)) !== 0 || Number(r) > 32 || Number(p) > 16) return false;
  const expected = Buffer.from(hash, "base64url");
  if (expected.length < 16) return false;
  const actual = await derive(
    password,
    Buffer.from(salt, "base64url"),
    N,
    Number(r),
    Number(p),
    expected.length,
  );
  return timingSafeEqual(actual, expected);
}

/** True when `stored` was made with other parameters than today's (or is not a hash at all). */
export function needsRehash(stored: string): boolean {
  const match = FORMAT.exec(stored);
  return (
    !match || Number(match[1]) !== PARAMS.N || Number(match[2]) !== PARAMS.r || Number(match[3]) !== PARAMS.p
  );
}

/**
 * A valid hash of a random password: verifying against it takes as long as a real check, so a
 * sign-in with an unknown email is not faster than one with a wrong password.
 */
let decoy: Promise<string> | undefined;
export const decoyHash = () => {
  decoy ??= hashPassword(randomBytes(18).toString("base64url"));
  return decoy;
};
