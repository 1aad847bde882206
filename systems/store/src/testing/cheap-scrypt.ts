/**
 * node:crypto with scrypt at a small cost, for unit tests about limits, queues and flows rather
 * than the hash itself (`vi.mock("node:crypto", cheapScrypt)`): one hash at today's N=2^17 takes
 * ~0.9 s of a core on a 2-core machine and these tests hash hundreds of times (the store's unit
 * tests took 144 s, 100 of them in scrypt). The stored format and parameters stay today's
 * (`scrypt$131072$8$1$…`), hashing and verifying alike do the smaller work, so every rule about
 * parameters and rehashing behaves as in production. `passwords.test.ts` keeps the real cost.
 */
import type * as Crypto from "node:crypto";

const TODAYS_N = 2 ** 17;
const TEST_N = 2 ** 10;

export async function cheapScrypt(importOriginal: () => Promise<typeof Crypto>): Promise<typeof Crypto> {
  const crypto = await importOriginal();
  const scrypt = ((
    password: Crypto.BinaryLike,
    salt: Crypto.BinaryLike,
    keyLength: number,
    options: Crypto.ScryptOptions,
    callback: (error: Error | null, key: Buffer) => void,
  ) =>
    crypto.scrypt(
      password,
      salt,
      keyLength,
      { ...options, N: options.N === TODAYS_N ? TEST_N : options.N },
      callback,
    )) as typeof crypto.scrypt;
  return { ...crypto, scrypt, default: { ...crypto, scrypt } } as typeof Crypto;
}
