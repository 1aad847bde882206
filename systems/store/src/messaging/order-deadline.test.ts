/** The pending deadline's clock in the store process: at start, then by itself, in short batches. */
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { StoreDb } from "@/db/database";
import { findOrder } from "@/db/queries/orders";
import { orders } from "@/db/schema";
import { DEADLINE_REASON, placeOrder } from "@/domain/orders";
import { freshDb, putCustomer, putOffer, recorded } from "@/testing/fixtures";
import { type OrderDeadline, startOrderDeadline, sweepIntervalMs } from "./order-deadline";

let db: StoreDb;
let customerId: string;
let clock: OrderDeadline | undefined;
const lines: string[] = [];

beforeEach(() => {
  db = freshDb();
  customerId = putCustomer(db);
  putOffer(db, { source: "catalog", itemId: "mug", title: "Stoneware Mug", priceCents: 1800, stock: 5 });
  lines.length = 0;
});
afterEach(() => clock?.stop());

function place(placedAt?: number) {
  const result = placeOrder(db, customerId, { lines: [{ source: "catalog", itemId: "mug", quantity: 1 }] });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  if (placedAt !== undefined) {
    db.update(orders).set({ placedAt }).where(eq(orders.id, result.order.id)).run();
  }
  return result.order.id;
}

const start = (timeoutMs: number, everyMs?: number) => {
  clock = startOrderDeadline({ db, timeoutMs, everyMs, log: (line) => lines.push(line) });
  return clock;
};

describe("the pending deadline's clock", () => {
  it("rejects at start the orders whose deadline passed while store was down", () => {
    const overdue = place(Date.now() - 700_000);
    const fresh = place();
    start(600_000);
    // The first batch runs synchronously inside start: no request is served before it.
    expect(findOrder(db, overdue)).toMatchObject({ status: "rejected", reason: DEADLINE_REASON });
    expect(findOrder(db, fresh)?.status).toBe("pending");
    expect(lines).toEqual(["1 pending order(s) rejected: catalog did not answer within 600 s"]);
  });

  it("rejects a pending order by itself soon after its deadline", async () => {
    start(400, 50);
    const id = place();
    expect(findOrder(db, id)?.status).toBe("pending");
    await vi.waitFor(() => expect(findOrder(db, id)?.status).toBe("rejected"), {
      timeout: 5_000,
      interval: 20,
    });
    const order = findOrder(db, id);
    // Not before its deadline, and at most about one sweep interval after it.
    expect((order?.updatedAt ?? 0) - (order?.placedAt ?? 0)).toBeGreaterThanOrEqual(400);
    expect(recorded(db).filter((e) => e.type === "store.order.rejected")).toHaveLength(1);
  });

  it("works through a large backlog in batches, all of it, in one sweep", async () => {
    const old = Date.now() - 3_600_000;
    const ids = Array.from({ length: 210 }, () => place(old));
    const deadline = start(600_000, 60_000);
    // The first batch ran at start; the rest follow batch by batch, letting requests in between.
    await vi.waitFor(() => expect(ids.every((id) => findOrder(db, id)?.status === "rejected")).toBe(true), {
      timeout: 5_000,
      interval: 10,
    });
    expect(await deadline.sweep()).toBe(0);
    expect(recorded(db).filter((e) => e.type === "store.order.rejected")).toHaveLength(210);
  });

  it("sweeps a tenth of the timeout apart, from 1 s to 30 s", () => {
    expect(sweepIntervalMs(600_000)).toBe(30_000);
    expect(sweepIntervalMs(30_000)).toBe(3_000);
    expect(sweepIntervalMs(2_000)).toBe(1_000);
  });

  it("stops: a stopped clock rejects nothing, however much time passes", async () => {
    vi.useFakeTimers();
    try {
      const stopped = start(300, 20);
      stopped.stop();
      const id = place();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(findOrder(db, id)?.status).toBe("pending");
      // The same ten seconds with the clock running: rejected (the fake time does reach the deadline).
      start(300, 20);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(findOrder(db, id)?.status).toBe("rejected");
    } finally {
      vi.useRealTimers();
    }
  });
});
