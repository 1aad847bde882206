/**
 * A bounded, fair queue for expensive work (here: scrypt, 128 MiB and hundreds of milliseconds of
 * a core per hash). At most `concurrency` jobs run; a client (a key) runs at most `perClient` of
 * them at a time and may have at most `perClientWaiting` more waiting; at most `maxWaiting` jobs
 * wait in all, none longer than `maxWaitMs`. When a slot frees, the next job is taken from the
 * clients in turn (round robin), so one client flooding the queue delays another client by at most
 * one job, not by the length of its flood.
 */
export interface FairQueueOptions {
  concurrency: number;
  perClient: number;
  perClientWaiting: number;
  maxWaiting: number;
  maxWaitMs: number;
}

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
  readonly #runningBy = new Map<string, number>();
  /** Waiting jobs per client; Map order is the round-robin order. */
  readonly #waiting = new Map<string, Waiting[]>();
  #waitingCount = 0;

  constructor(readonly options: FairQueueOptions) {}

  get running(): number {
    return this.#running;
  }

  get waiting(): number {
    return this.#waitingCount;
  }

  run<T>(client: string, job: () => Promise<T>): Promise<T> {
    const { concurrency, perClient, perClientWaiting, maxWaiting, maxWaitMs } = this.options;
    const retryAfterS = Math.max(1, Math.ceil(maxWaitMs / 1000));
    const runningHere = this.#runningBy.get(client) ?? 0;
    if (this.#running < concurrency && runningHere < perClient && !this.#waiting.has(client)) {
      return this.#start(client, job);
    }
    const queue = this.#waiting.get(client) ?? [];
    if (queue.length >= perClientWaiting) return Promise.reject(new QueueRefused("client", retryAfterS));
    if (this.#waitingCount >= maxWaiting) return Promise.reject(new QueueRefused("busy", retryAfterS));
    return new Promise<T>((resolve, reject) => {
      const entry: Waiting = {
        start: () => {
          clearTimeout(entry.timer);
          this.#start(client, job).then(resolve, reject);
        },
        timer: setTimeout(() => {
          const list = this.#waiting.get(client);
          const index = list?.indexOf(entry) ?? -1;
          if (!list || index < 0) return;
          list.splice(index, 1);
          this.#waitingCount -= 1;
          if (list.length === 0) this.#waiting.delete(client);
          reject(new QueueRefused("busy", retryAfterS));
        }, maxWaitMs),
      };
      entry.timer.unref?.();
      queue.push(entry);
      this.#waiting.set(client, queue);
      this.#waitingCount += 1;
    });
  }

  async #start<T>(client: string, job: () => Promise<T>): Promise<T> {
    this.#running += 1;
    this.#runningBy.set(client, (this.#runningBy.get(client) ?? 0) + 1);
    try {
      return await job();
    } finally {
      this.#running -= 1;
      const left = (this.#runningBy.get(client) ?? 1) - 1;
      if (left === 0) this.#runningBy.delete(client);
      else this.#runningBy.set(client, left);
      this.#next();
    }
  }

  /** Starts waiting jobs while slots are free, one per client in turn. */
  #next(): void {
    let progressed = true;
    while (this.#running < this.options.concurrency && progressed) {
      progressed = false;
      for (const [client, list] of this.#waiting) {
        if (this.#running >= this.options.concurrency) return;
        if ((this.#runningBy.get(client) ?? 0) >= this.options.perClient) continue;
        const entry = list.shift();
        if (!entry) continue;
        this.#waitingCount -= 1;
        this.#waiting.delete(client);
        // Back of the round-robin order, if it still has work waiting.
        if (list.length > 0) this.#waiting.set(client, list);
        entry.start();
        progressed = true;
      }
    }
  }
}
