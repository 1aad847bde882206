/**
 * Limits on sign-in and sign-up, and the queue every password hash goes through
 * (docs/decisions/0014-sign-in-limits-and-hashing.md). Kept in memory: store is one process.
 *
 * Sign-in (the JSON API and the form): an untrusted attempt takes a token from three buckets and
 * gives them back when the password was right, so only failures count —
 * - the client (its address): 10 at once, then 10 a minute;
 * - the client on one account: 5 at once, then 1 a minute;
 * - the account from everywhere: 20 at once, then 1 a minute. One client alone cannot lock an
 *   account (its pair bucket stops it first); guessing spread over many clients does.
 * A trusted attempt (a device cookie of an earlier sign-in to this account, src/auth/device-cookie.ts)
 * takes from its device's bucket instead (5 at once, then 1 a minute); when that is empty the
 * attempt counts as untrusted.
 * Sign-up: 20 at once per client, then one every 3 minutes — every attempt counts, an email
 * already registered included (that answer says the email exists; see the decision record).
 * Password change (signed in): 5 wrong current passwords per account, then 1 a minute.
 *
 * The hashes themselves (scrypt, N=2^17) run in a fair queue: PASSWORD_HASH_CONCURRENCY at once
 * (default: the cores, at least 2, at most 4), one slot kept for trusted attempts, one running per
 * client and none waiting, 64 waiting in all, none longer than 10 s. A client flooding sign-in
 * thus holds at most one hashing slot, and a trusted sign-in never waits for the flood's.
 */
import { availableParallelism } from "node:os";
import { getDb } from "@/db/client";
import { normalizeEmail } from "@/db/queries/accounts";
import { AccountChangeRefused, changePassword, type PasswordChange } from "@/domain/account-changes";
import {
  authenticate,
  type Credentials,
  createAccount,
  type NewAccount,
  type PublicAccount,
} from "@/domain/accounts";
import { FairQueue, QueueRefused } from "@/domain/fair-queue";
import { type Take, TokenBuckets, takeAll } from "@/domain/rate-limit";
import { env } from "@/env";
import { clientAddress } from "@/lib/client-address";
import { waitText } from "@/lib/refusal";
import { deviceKey, issueDeviceToken, trustedDeviceFor } from "./device-cookie";

export const LIMITS = {
  signInClient: { burst: 10, perMinute: 10 },
  signInPair: { burst: 5, perMinute: 1 },
  signInAccount: { burst: 20, perMinute: 1 },
  signInDevice: { burst: 5, perMinute: 1 },
  passwordChange: { burst: 5, perMinute: 1 },
  signUpClient: { burst: 20, perMinute: 1 / 3 },
} as const;

interface Guard {
  signInClient: TokenBuckets;
  signInPair: TokenBuckets;
  signInAccount: TokenBuckets;
  signInDevice: TokenBuckets;
  passwordChange: TokenBuckets;
  signUpClient: TokenBuckets;
  hashing: FairQueue;
}

const slot = globalThis as unknown as { __storeSignInGuard?: Guard };

/** One guard per process (Next.js bundles modules more than once, so it lives on globalThis). */
export function guard(): Guard {
  slot.__storeSignInGuard ??= {
    signInClient: new TokenBuckets(LIMITS.signInClient),
    signInPair: new TokenBuckets(LIMITS.signInPair),
    signInAccount: new TokenBuckets(LIMITS.signInAccount),
    signInDevice: new TokenBuckets(LIMITS.signInDevice),
    passwordChange: new TokenBuckets(LIMITS.passwordChange),
    signUpClient: new TokenBuckets(LIMITS.signUpClient),
    hashing: new FairQueue(hashingQueueOptions(env.PASSWORD_HASH_CONCURRENCY ?? defaultConcurrency())),
  };
  return slot.__storeSignInGuard;
}

/** One hash per core (a hash is one thread's work), at most 4, at least 2 (one for each lane). */
const defaultConcurrency = () => Math.min(4, Math.max(2, availableParallelism()));

/**
 * With 2 slots or more, one is kept for trusted sign-ins. A client may not queue behind its own
 * running hash: a person signs in once at a time, and a waiting flood job would only delay others.
 */
export const hashingQueueOptions = (concurrency: number) => ({
  concurrency,
  reservedForPriority: concurrency >= 2 ? 1 : 0,
  perClient: 1,
  perClientWaiting: 0,
  maxWaiting: 64,
  maxWaitMs: 10_000,
});

/** The client of a request (its socket address, or a trusted proxy's X-Forwarded-For). */
export const clientOf = (headers: Headers) => clientAddress(headers, env.TRUSTED_PROXY_ADDRESSES);

/** A refusal: 429 (this client or account is over its limit) or 503 (the hashing queue is full). */
export interface Refusal {
  status: 429 | 503;
  retryAfterS: number;
  message: string;
}

function refusedByQueue(error: unknown): Refusal {
  if (!(error instanceof QueueRefused)) throw error;
  return error.reason === "client"
    ? {
        status: 429,
        retryAfterS: error.retryAfterS,
        message: `Too many sign-in attempts at once from your address. Try again in ${waitText(error.retryAfterS)}.`,
      }
    : {
        status: 503,
        retryAfterS: error.retryAfterS,
        message: `The store is busy checking passwords. Try again in ${waitText(error.retryAfterS)}.`,
      };
}

export type SignInOutcome =
  | { ok: true; account: PublicAccount; deviceToken: string }
  | { ok: false; refusal: Refusal | null };

/**
 * Checks credentials within the limits; `refusal` is null for wrong credentials. `deviceToken` is
 * the client's device cookie, if any; a successful sign-in returns a fresh one to set. A correct
 * password stored with older scrypt parameters is hashed again (by `authenticate`) in the same slot.
 */
export async function guardedSignIn(
  client: string,
  credentials: Credentials,
  deviceToken?: string,
): Promise<SignInOutcome> {
  const g = guard();
  const email = normalizeEmail(credentials.email);
  const device = trustedDeviceFor(deviceKey(), deviceToken, email);
  // A trusted device answers for its own failures only; once its bucket is empty it is untrusted.
  const trusted = device !== null && g.signInDevice.take(device).ok;
  const takes: [TokenBuckets, string][] = trusted
    ? []
    : [
        [g.signInClient, client],
        [g.signInPair, `${client} ${email}`],
        [g.signInAccount, email],
      ];
  const taken: Take = takeAll(takes);
  if (!taken.ok) {
    return {
      ok: false,
      refusal: {
        status: 429,
        retryAfterS: taken.retryAfterS,
        message: `Too many sign-in attempts. Try again in ${waitText(taken.retryAfterS)}.`,
      },
    };
  }
  const giveBack = () => {
    for (const [buckets, key] of takes) buckets.giveBack(key);
    if (trusted) g.signInDevice.giveBack(device);
  };
  let account: PublicAccount | null;
  try {
    account = trusted
      ? await g.hashing.run(`device ${device}`, () => authenticate(getDb(), credentials), "priority")
      : await g.hashing.run(client, () => authenticate(getDb(), credentials));
  } catch (error) {
    giveBack(); // no password was tried
    return { ok: false, refusal: refusedByQueue(error) };
  }
  if (!account) return { ok: false, refusal: null };
  giveBack();
  return { ok: true, account, deviceToken: issueDeviceToken(deviceKey(), account.email) };
}

/**
 * A signed-in customer's password change: the current password is checked within its account's
 * limit (a stolen session must not become a way to guess it), both hashes in the queue.
 */
export async function guardedChangePassword(
  client: string,
  accountId: string,
  input: PasswordChange,
): Promise<PublicAccount | { refusal: Refusal }> {
  const g = guard();
  const taken = g.passwordChange.take(accountId);
  if (!taken.ok) {
    return {
      refusal: {
        status: 429,
        retryAfterS: taken.retryAfterS,
        message: `Too many wrong passwords. Try again in ${waitText(taken.retryAfterS)}.`,
      },
    };
  }
  try {
    const account = await g.hashing.run(client, () => changePassword(getDb(), accountId, input));
    g.passwordChange.giveBack(accountId);
    return account;
  } catch (error) {
    // Only a wrong current password counts against the account.
    if (!(error instanceof AccountChangeRefused && error.field === "currentPassword"))
      g.passwordChange.giveBack(accountId);
    if (error instanceof QueueRefused) return { refusal: refusedByQueue(error) };
    throw error;
  }
}

/** Whether this client may try another sign-up now (every attempt counts). */
export function admitSignUp(client: string): Refusal | null {
  const taken = guard().signUpClient.take(client);
  return taken.ok
    ? null
    : {
        status: 429,
        retryAfterS: taken.retryAfterS,
        message: `Too many sign-ups from your address. Try again in ${waitText(taken.retryAfterS)}.`,
      };
}

/** Creates an account with its password hashed in the queue. */
export async function guardedCreateAccount(
  client: string,
  input: NewAccount,
): Promise<Awaited<ReturnType<typeof createAccount>> | { ok: false; reason: "refused"; refusal: Refusal }> {
  try {
    return await guard().hashing.run(client, () => createAccount(getDb(), input));
  } catch (error) {
    return { ok: false, reason: "refused", refusal: refusedByQueue(error) };
  }
}
