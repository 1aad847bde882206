/**
 * A bounded, fair queue for expensive work (here: scrypt, 128 MiB and hundreds of milliseconds of
 * a core per hash). At most `concurrency` jobs run; a client (a key) runs at most `perClient` of
 * them at a time and may have at most `perClientWaiting` more waiting; at most `maxWaiting` jobs
 * wait in all, none longer than `maxWaitMs`. When a slot frees, the next job is taken from the
 * clients in turn (round robin), so one client flooding the queue delays another client by at most
 * one job, not by the length of its flood.
 *
 * Two lanes: `priority` jobs (clients that proved themselves earlier, see src/auth/device-cookie.ts)
 * are started before any waiting normal job, and `reservedForPriority` slots are never given to
 * normal jobs — so a flood of normal jobs, from however many clients, never makes a priority job
 * wait for a slot.
 */
export interface FairQueueOptions {
  concurrency: number;
  perClient: number;
  perClientWaiting: number;
  maxWaiting: number;
  maxWaitMs: number;
  /** Slots only priority jobs may use (less than `concurrency`). */
  reservedForPriority?: number;
}

export type Lane = "normal" | "priority";

/** Why a job was not run: this client has too much queued, or the whole queue is full or slow. */
export class QueueRefused extends Error {
  constructor(
    readonly reason: "client" | "busy",
    readonly retryAfterS: number,
  ) {
    super(reason === "client" ? "Too many attempts in progress from this client" : "Too busy");
  }
}

interface Waiting {
  start: () => void;
  timer: ReturnType<typeof setTimeout>;
}

export class FairQueue {
  #running = 0;
  #runningNormal = 0;
  readonly #runningBy = new Map<string, number>();
  /** Waiting jobs per lane and client; Map order is the round-robin order. */
  readonly #waitingIn: Record<Lane, Map<string, Waiting[]>> = { normal: new Map(), priority: new Map() };
  #waitingCount = 0;

  constructor(readonly options: FairQueueOptions) {
    const reserved = options.reservedForPriority ?? 0;
    if (reserved < 0 || reserved >= options.concurrency)
      throw new Error("reservedForPriority must be at least 0 and less than concurrency");
  }

  /** Whether a job of this lane may start now (a free slot it may use). */
  #slotFor(lane: Lane): boolean {
    const { concurrency, reservedForPriority = 0 } = this.options;
    if (this.#running >= concurrency) return false;
    return lane === "priority" || this.#runningNormal < concurrency - reservedForPriority;
  }

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waitingCount;
  }

  /** Runs `job` for `client` in `lane` now, or when its turn comes; rejects with QueueRefused. */
  run<T>(client: string, job: () => Promise<T>, lane: Lane = "normal"): Promise<T> {
    const { perClient, perClientWaiting, maxWaiting, maxWaitMs } = this.options;
    const retryAfterS = Math.max(1, Math.ceil(maxWaitMs / 1000));
    const runningHere = this.#runningBy.get(client) ?? 0;
    const waitingHere = this.#waitingIn[lane];
    if (this.#slotFor(lane) && runningHere < perClient && !waitingHere.has(client)) {
      return this.#start(client, job, lane);
    }
    const queue = waitingHere.get(client) ?? [];
    // A client's share: `perClient` running and `perClientWaiting` more (waiting for a free slot
    // counts as one of them when none of its jobs runs).
    if (runningHere + queue.length >= perClient + perClientWaiting)
      return Promise.reject(new QueueRefused("client", retryAfterS));
    if (this.#waitingCount >= maxWaiting) return Promise.reject(new QueueRefused("busy", retryAfterS));
    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = {
        start: () => {
          clearTimeout(entry.timer);
          this.#start(client, job, lane).then(resolve, reject);
        },
        timer: setTimeout(() => {
          const list = waitingHere.get(client);
          const index = list?.indexOf(entry) ?? -1;
          if (!list || index < 0) return;
          list.splice(index, 1);
          this.#waitingCount -= 1;
          if (list.length === 0) waitingHere.delete(client);
          reject(new QueueRefused("busy", retryAfterS));
        }, maxWaitMs),
      };
      entry.timer.unref?.();
      queue.push(entry);
      waitingHere.set(client, queue);
      this.#waitingCount += 1;
    });
  }

  async #start<T>(client: string, job: () => Promise<T>, lane: Lane): Promise<T> {
    this.#running += 1;
    if (lane === "normal") this.#runningNormal += 1;
    this.#runningBy.set(client, (this.#runningBy.get(client) ?? 0) + 1);
    try {
      return await job();
    } finally {
      this.#running -= 1;
      if (lane === "normal") this.#runningNormal -= 1;
      const left = (this.#runningBy.get(client) ?? 1) - 1;
      if (left === 0) this.#runningBy.delete(client);
      else this.#runningBy.set(client, left);
      this.#next();
    }
  }

  /** Starts waiting jobs while slots are free: the priority lane first, one per client in turn. */
  #next(): void {
    for (const lane of ["priority", "normal"] as const) {
      const waiting = this.#waitingIn[lane];
      let progressed = true;
      while (this.#slotFor(lane) && progressed) {
        progressed = false;
        for (const [client, list] of waiting) {
          if (!this.#slotFor(lane)) break;
          if ((this.#runningBy.get(client) ?? 0) >= this.options.perClient) continue;
          const entry = list.shift();
          if (!entry) continue;
          this.#waitingCount -= 1;
          waiting.delete(client);
          // Back of the round-robin order, if it still has work waiting.
          if (list.length > 0) waiting.set(client, list);
          entry.start();
          progressed = true;
        }
      }
    }
  }
}
