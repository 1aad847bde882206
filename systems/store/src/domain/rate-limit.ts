/**
 * Token buckets kept in memory, one per key (a client address, an account, a pair of both).
 * A bucket holds up to `burst` tokens and gains `perMinute` tokens a minute; an attempt takes one
 * and may be given back (a correct sign-in does not count against anyone).
 *
 * In memory on purpose: store runs as one process (one writer per SQLite database), so the
 * process sees every attempt. A restart forgets the counts, which costs an attacker nothing they
 * could not get by waiting a few minutes. Bounded: at most `maxKeys` buckets; full buckets are the
 * same as absent ones and are dropped first, then the least recently used.
 */
export interface BucketRule {
  burst: number;
  perMinute: number;
}

export type Take = { ok: true } | { ok: false; retryAfterS: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    readonly rule: BucketRule,
    readonly now: () => number = () => Date.now(),
    readonly maxKeys = 100_000,
  ) {}

  #refilled(key: string): Bucket {
    const now = this.now();
    const bucket = this.#buckets.get(key);
    if (!bucket) return { tokens: this.rule.burst, at: now };
    const gained = ((now - bucket.at) / 60_000) * this.rule.perMinute;
    return { tokens: Math.min(this.rule.burst, bucket.tokens + gained), at: now };
  }

  #store(key: string, bucket: Bucket): void {
    this.#buckets.delete(key); // re-inserted last: Map order is least recently used first
    if (bucket.tokens >= this.rule.burst) return;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > this.maxKeys) this.#prune();
  }

  #prune(): void {
    for (const key of [...this.#buckets.keys()]) {
      if (this.#refilled(key).tokens >= this.rule.burst) this.#buckets.delete(key);
    }
    for (const key of this.#buckets.keys()) {
      if (this.#buckets.size <= this.maxKeys) break;
      this.#buckets.delete(key);
    }
  }

  /** Takes one token, or says in how many seconds one will be there. */
  take(key: string): Take {
    const bucket = this.#refilled(key);
    if (bucket.tokens < 1) {
      this.#store(key, bucket);
      return {
        ok: false,
        retryAfterS: Math.max(1, Math.ceil(((1 - bucket.tokens) / this.rule.perMinute) * 60)),
      };
    }
    this.#store(key, { tokens: bucket.tokens - 1, at: bucket.at });
    return { ok: true };
  }

  /** Gives back a token taken by `take` (the attempt turned out not to count). */
  giveBack(key: string): void {
    const bucket = this.#refilled(key);
    this.#store(key, { tokens: Math.min(this.rule.burst, bucket.tokens + 1), at: bucket.at });
  }

  get size(): number {
    return this.#buckets.size;
  }
}

/**
 * Takes one token from each `(buckets, key)` pair, all or nothing: when one is empty, the tokens
 * already taken are given back and the longest wait is returned.
 */
export function takeAll(takes: [TokenBuckets, string][]): Take {
  const taken: [TokenBuckets, string][] = [];
  let retryAfterS = 0;
  for (const [buckets, key] of takes) {
    const result = buckets.take(key);
    if (result.ok) taken.push([buckets, key]);
    else retryAfterS = Math.max(retryAfterS, result.retryAfterS);
  }
  if (retryAfterS === 0) return { ok: true };
  for (const [buckets, key] of taken) buckets.giveBack(key);
  return { ok: false, retryAfterS };
}
