/**
 * The pending deadline's clock, in the store process beside the messaging runtime: it rejects the
 * orders catalog has not answered in time (domain/orders.ts `rejectOverdueOrders`), once right at
 * start (orders whose deadline passed while store was down) and then every few seconds. Each
 * batch is one short synchronous transaction; between batches the event loop serves requests.
 * The rejections go out through the outbox like every other event: a broker outage delays them,
 * never loses them. See docs/decisions/0012-pending-order-deadline.md.
 */
import { setImmediate as yieldToRequests } from "node:timers/promises";
import { logger } from "@scs/messaging/log";
import type { StoreDb } from "@/db/client";
import { DEADLINE_BATCH, rejectOverdueOrders } from "@/domain/orders";

export interface OrderDeadline {
  /** Rejects every order overdue right now, batch by batch; resolves how many it rejected. */
  sweep(): Promise<number>;
  stop(): void;
}

export interface OrderDeadlineOptions {
  db: StoreDb;
  /** `ORDER_PENDING_TIMEOUT_S` in milliseconds. */
  timeoutMs: number;
  /** Between sweeps; by default a tenth of the timeout, from 1 s to 30 s. */
  everyMs?: number;
  log?: (line: string) => void;
}

/** How late after its deadline an order is rejected at most: a tenth of the timeout, 1–30 s. */
export const sweepIntervalMs = (timeoutMs: number) => Math.min(30_000, Math.max(1_000, timeoutMs / 10));

export function startOrderDeadline({
  db,
  timeoutMs,
  everyMs = sweepIntervalMs(timeoutMs),
  log = logger("store", "orders"),
}: OrderDeadlineOptions): OrderDeadline {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<number> | undefined;

  const sweepOnce = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const { rejected, more } = rejectOverdueOrders(db, { timeoutMs, limit: DEADLINE_BATCH });
      total += rejected.length;
      if (!more || stopped) break;
      await yieldToRequests();
    }
    if (total > 0) {
      log(`${total} pending order(s) rejected: catalog did not answer within ${timeoutMs / 1000} s`);
    }
    return total;
  };

  /** One sweep at a time: a call during a sweep waits for it and then sweeps again. */
  const sweep = async (): Promise<number> => {
    while (running) await running.catch(() => 0);
    running = sweepOnce();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };

  const tick = () => {
    sweep()
      .catch((error: unknown) => {
        // e.g. SQLITE_BUSY under a long write: nothing was written, the next tick tries again.
        log(`pending deadline sweep failed: ${(error as Error).message}`);
      })
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(tick, everyMs);
        timer.unref();
      });
  };
  tick();

  return {
    sweep,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
