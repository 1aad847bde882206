/**
 * Limits on sign-in and sign-up, and the queue every password hash goes through
 * (docs/decisions/0014-sign-in-limits-and-hashing.md). Kept in memory: store is one process.
 *
 * Sign-in (the JSON API and the form): an attempt takes a token from three buckets and gives them
 * back when the password was right, so only failures count —
 * - the client (its address): 10 at once, then 10 a minute;
 * - the client on one account: 5 at once, then 1 a minute;
 * - the account from everywhere: 20 at once, then 1 a minute. One client alone cannot lock an
 *   account (its pair bucket stops it first); guessing spread over many clients does.
 * Sign-up: 20 at once per client, then one every 3 minutes — every attempt counts, an email
 * already registered included (that answer says the email exists; see the decision record).
 *
 * The hashes themselves (scrypt, N=2^17) run in a fair queue: PASSWORD_HASH_CONCURRENCY at once
 * (default: the cores, at most 4), one at a time per client, at most 4 more waiting per client
 * and 64 in all, none waiting longer than 10 s. A client flooding sign-in thus holds at most one
 * hashing slot; everyone else's sign-in waits for at most one hash.
 */
import { availableParallelism } from "node:os";
import { getDb } from "@/db/client";
import { normalizeEmail } from "@/db/queries/accounts";
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
import { clientAddress } from "@/http/client-address";

export const LIMITS = {
  signInClient: { burst: 10, perMinute: 10 },
  signInPair: { burst: 5, perMinute: 1 },
  signInAccount: { burst: 20, perMinute: 1 },
  signUpClient: { burst: 20, perMinute: 1 / 3 },
} as const;

interface Guard {
  signInClient: TokenBuckets;
  signInPair: TokenBuckets;
  signInAccount: TokenBuckets;
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
    signUpClient: new TokenBuckets(LIMITS.signUpClient),
    hashing: new FairQueue({
      concurrency: env.PASSWORD_HASH_CONCURRENCY ?? Math.min(4, Math.max(1, availableParallelism())),
      perClient: 1,
      perClientWaiting: 4,
      maxWaiting: 64,
      maxWaitMs: 10_000,
    }),
  };
  return slot.__storeSignInGuard;
}

/** The client of a request (its socket address, or a trusted proxy's X-Forwarded-For). */
export const clientOf = (headers: Headers) => clientAddress(headers, env.TRUSTED_PROXY_ADDRESSES);

/** A refusal: 429 (this client or account is over its limit) or 503 (the hashing queue is full). */
export interface Refusal {
  status: 429 | 503;
  retryAfterS: number;
  message: string;
}

const minutes = (s: number) =>
  s <= 60 ? `${s} second${s === 1 ? "" : "s"}` : `${Math.ceil(s / 60)} minutes`;

function refusedByQueue(error: unknown): Refusal {
  if (!(error instanceof QueueRefused)) throw error;
  return error.reason === "client"
    ? {
        status: 429,
        retryAfterS: error.retryAfterS,
        message: `Too many sign-in attempts at once from your address. Try again in ${minutes(error.retryAfterS)}.`,
      }
    : {
        status: 503,
        retryAfterS: error.retryAfterS,
        message: `The store is busy checking passwords. Try again in ${minutes(error.retryAfterS)}.`,
      };
}

export type SignInOutcome = { ok: true; account: PublicAccount } | { ok: false; refusal: Refusal | null };

/**
 * Checks credentials within the limits; `refusal` is null for wrong credentials. A correct
 * password stored with older scrypt parameters is hashed again (by `authenticate`) in the same slot.
 */
export async function guardedSignIn(client: string, credentials: Credentials): Promise<SignInOutcome> {
  const g = guard();
  const email = normalizeEmail(credentials.email);
  const takes: [TokenBuckets, string][] = [
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
        message: `Too many sign-in attempts. Try again in ${minutes(taken.retryAfterS)}.`,
      },
    };
  }
  const giveBack = () => {
    for (const [buckets, key] of takes) buckets.giveBack(key);
  };
  let account: PublicAccount | null;
  try {
    account = await g.hashing.run(client, () => authenticate(getDb(), credentials));
  } catch (error) {
    giveBack(); // no password was tried
    return { ok: false, refusal: refusedByQueue(error) };
  }
  if (!account) return { ok: false, refusal: null };
  giveBack();
  return { ok: true, account };
}

/** Whether this client may try another sign-up now (every attempt counts). */
export function admitSignUp(client: string): Refusal | null {
  const taken = guard().signUpClient.take(client);
  return taken.ok
    ? null
    : {
        status: 429,
        retryAfterS: taken.retryAfterS,
        message: `Too many sign-ups from your address. Try again in ${minutes(taken.retryAfterS)}.`,
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
