/** Capped exponential backoff with full jitter: attempt 0 → up to `base`, then doubling to `max`. */
export const backoffDelay = (attempt: number, base = 200, max = 10_000) =>
  Math.round(Math.random() * Math.min(max, base * 2 ** attempt));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
