/**
 * The messaging plumbing against a real RabbitMQ (started by `npm test`): catalog publishes
 * through its outbox, store applies through its inbox, with the real least-privilege users.
 */
import { deadLetterOf, exchangeOf, inboxQueueOf } from "@scs/contracts/topology";
import { createTestDb, eventually, testBroker } from "@scs/testing";
import amqp from "amqplib";
import { count, eq, like } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "./db";
import { recordEvent, transact } from "./outbox";
import { createMessaging } from "./runtime";
import * as messagingTables from "./tables";
import { deadLetters, outbox } from "./tables";
import type { Messaging } from "./types";

const copies = sqliteTable("copies", {
  id: text("id").primaryKey(),
  priceCents: integer("price_cents").notNull(),
  version: integer("version").notNull(),
});

const product = (id: string, priceCents: number) => ({
  id,
  sku: `SKU-${id}`,
  title: `Product ${id}`,
  description: "",
  priceCents,
  currency: "EUR" as const,
  category: "test",
  stock: 3,
  image: "http://localhost/x.svg",
});

let catalogDb: Db;
let storeDb: Db;
let catalog: Messaging;
let store: Messaging;
let applied = 0;
/** While true, the store's handler fails for a price of 13 cents (a handler bug, then fixed). */
let unluckyBug = true;
/** Products whose handler fails this many more times (a transient failure, e.g. a locked file). */
const transientFailures = new Map<string, number>();
const broker = testBroker();

beforeAll(async () => {
  catalogDb = await createTestDb(messagingTables);
  storeDb = await createTestDb({ ...messagingTables, copies });
  catalog = createMessaging({
    system: "catalog",
    amqpUrl: broker.catalog,
    db: catalogDb,
    subscriptions: {},
    log: () => {},
  });
  store = createMessaging({
    system: "store",
    amqpUrl: broker.store,
    db: storeDb,
    log: () => {},
    subscriptions: {
      "catalog.product.upserted": (event, tx) => {
        if (unluckyBug && event.data.priceCents === 13) throw new Error("unlucky price");
        const failures = transientFailures.get(event.data.id) ?? 0;
        if (failures > 0) {
          transientFailures.set(event.data.id, failures - 1);
          throw new Error("transient failure");
        }
        const version = event.aggregateversion ?? 0;
        const current = tx.select().from(copies).where(eq(copies.id, event.data.id)).get();
        if (current && current.version >= version) return;
        tx.insert(copies)
          .values({ id: event.data.id, priceCents: event.data.priceCents, version })
          .onConflictDoUpdate({ target: copies.id, set: { priceCents: event.data.priceCents, version } })
          .run();
        applied++;
      },
    },
  });
  await eventually(
    () => catalog.status().broker === "up" && store.status().consumer === "consuming",
    20_000,
    "both up",
  );
}, 30_000);

afterAll(async () => {
  await Promise.all([catalog?.stop(), store?.stop()]);
  // Leave the broker as we found it for the next test file: no queues with our test events.
  const connection = await amqp.connect(broker.admin);
  const channel = await connection.createChannel();
  for (const system of ["catalog", "store"] as const) {
    await channel.deleteQueue(inboxQueueOf(system));
    await channel.deleteQueue(deadLetterOf(system));
  }
  await connection.close();
});

async function publishRaw(url: string, exchange: string, routingKey: string, body: Buffer, userId?: string) {
  const connection = await amqp.connect(url);
  try {
    const channel = await connection.createConfirmChannel();
    await new Promise<void>((resolve, reject) => {
      channel.once("error", reject);
      channel.publish(
        exchange,
        routingKey,
        body,
        { persistent: true, ...(userId ? { userId } : {}) },
        (error) => (error ? reject(error) : resolve()),
      );
    });
  } finally {
    await connection.close().catch(() => {});
  }
}

describe("outbox → relay → broker → inbox", () => {
  it("copies an event from the owner's outbox into the replica exactly once", async () => {
    transact(catalogDb, (tx) =>
      recordEvent(tx, "catalog.product.upserted", "p1", product("p1", 1000), { aggregateVersion: 1 }),
    );
    catalog.wake();
    await eventually(
      () => storeDb.select().from(copies).where(eq(copies.id, "p1")).get()?.priceCents === 1000,
    );
    expect(catalog.status().outboxPending).toBe(0);
  });

  it("ignores a redelivered event (same id) and an older version", async () => {
    const before = applied;
    const row = catalogDb.select().from(outbox).orderBy(outbox.seq).get();
    if (!row) throw new Error("no outbox row");
    // The same event published twice, as a relay does after an unconfirmed publish.
    await publishRaw(broker.catalog, exchangeOf("catalog"), row.type, Buffer.from(row.body), "catalog");
    transact(catalogDb, (tx) =>
      recordEvent(tx, "catalog.product.upserted", "p1", product("p1", 500), { aggregateVersion: 0 }),
    );
    transact(catalogDb, (tx) =>
      recordEvent(tx, "catalog.product.upserted", "p1", product("p1", 2000), { aggregateVersion: 2 }),
    );
    catalog.wake();
    await eventually(
      () => storeDb.select().from(copies).where(eq(copies.id, "p1")).get()?.priceCents === 2000,
    );
    expect(applied - before).toBe(1);
    expect(store.status().duplicates).toBeGreaterThanOrEqual(1);
  });

  it("applies a burst in batches; a failing event is retried alone while the others are applied", async () => {
    // Deliveries are applied in batches with one ack for many: that ack must never settle the
    // failing delivery that waits for its retry, or it would be lost.
    transientFailures.set("flaky", 2);
    const redeliveredBefore = store.status().redelivered;
    transact(catalogDb, (tx) => {
      for (let i = 0; i < 1_000; i++) {
        const id = i === 500 ? "flaky" : `burst-${i}`;
        recordEvent(tx, "catalog.product.upserted", id, product(id, 100 + i), { aggregateVersion: 1 });
      }
    });
    catalog.wake();
    await eventually(
      () => storeDb.select().from(copies).where(eq(copies.id, "flaky")).get(),
      20_000,
      "the flaky product applied after its retries",
    );
    const burstApplied = () =>
      storeDb.select({ n: count() }).from(copies).where(like(copies.id, "burst-%")).get()?.n;
    await eventually(() => burstApplied() === 999, 20_000, "the 999 others applied");
    expect(transientFailures.get("flaky")).toBe(0);
    expect(store.status().redelivered - redeliveredBefore).toBeGreaterThanOrEqual(1);
    expect(storeDb.select().from(deadLetters).all()).toEqual([]);
  }, 45_000);

  it("dead-letters poison with its reason and keeps applying what follows", async () => {
    await publishRaw(
      broker.catalog,
      exchangeOf("catalog"),
      "catalog.product.upserted",
      Buffer.from("{not json"),
    );
    await publishRaw(
      broker.catalog,
      exchangeOf("catalog"),
      "catalog.product.upserted",
      Buffer.from(JSON.stringify({ specversion: "1.0", type: "catalog.product.upserted" })),
    );
    transact(catalogDb, (tx) =>
      recordEvent(tx, "catalog.product.upserted", "p13", product("p13", 13), { aggregateVersion: 1 }),
    );
    transact(catalogDb, (tx) =>
      recordEvent(tx, "catalog.product.upserted", "p2", product("p2", 200), { aggregateVersion: 1 }),
    );
    catalog.wake();
    await eventually(
      () => storeDb.select().from(copies).where(eq(copies.id, "p2")).get(),
      10_000,
      "p2 applied",
    );
    const reasons = await eventually(
      (): string[] | null => {
        const rows = storeDb.select().from(deadLetters).all();
        return rows.length >= 3 ? rows.map((r) => r.reason) : null;
      },
      15_000,
      "three dead letters",
    );
    expect(reasons.some((r) => r.startsWith("not JSON"))).toBe(true);
    expect(reasons.some((r) => r.startsWith("invalid envelope"))).toBe(true);
    expect(reasons.some((r) => r.includes("unlucky price") && r.includes("after 5 deliveries"))).toBe(true);
    expect(storeDb.select().from(copies).where(eq(copies.id, "p13")).get()).toBeUndefined();
  });

  it("replays a dead letter once its handler is fixed, and discards on request", async () => {
    const letters = storeDb.select().from(deadLetters).all();
    const bug = letters.find((l) => l.reason.includes("unlucky price"));
    const notJson = letters.find((l) => l.reason.startsWith("not JSON"));
    if (!bug || !notJson) throw new Error("expected dead letters from the previous test");

    expect(store.replayDeadLetter(bug.id)).toEqual({ ok: false, reason: "handler failed: unlucky price" });
    unluckyBug = false;
    expect(store.replayDeadLetter(bug.id)).toEqual({ ok: true, outcome: "applied" });
    expect(storeDb.select().from(copies).where(eq(copies.id, "p13")).get()?.priceCents).toBe(13);
    expect(storeDb.select().from(deadLetters).where(eq(deadLetters.id, bug.id)).get()).toBeUndefined();

    expect(store.replayDeadLetter(notJson.id)).toMatchObject({ ok: false });
    expect(store.discardDeadLetter(notJson.id)).toBe(true);
    expect(storeDb.select().from(deadLetters).where(eq(deadLetters.id, notJson.id)).get()).toBeUndefined();
  });

  it("keeps the publisher check on replay: a dead letter with a forged publisher stays dead", async () => {
    const body = catalogDb.select().from(outbox).orderBy(outbox.seq).get()?.body;
    if (!body) throw new Error("no outbox row");
    const forged = storeDb
      .insert(deadLetters)
      .values({
        eventId: null,
        type: "catalog.product.upserted",
        exchange: "catalog.events",
        routingKey: "catalog.product.upserted",
        userId: "music",
        reason: "publisher music may not publish on catalog.events",
        body: body.replace('"priceCents":1000', '"priceCents":1'),
        deadAt: Date.now(),
      })
      .returning({ id: deadLetters.id })
      .get();
    expect(store.replayDeadLetter(forged.id)).toEqual({
      ok: false,
      reason: "publisher music may not publish on catalog.events",
    });
  });

  it("refuses a publisher on another system's exchange (ACCESS_REFUSED)", async () => {
    await expect(
      publishRaw(broker.catalog, exchangeOf("store"), "store.order.placed", Buffer.from("{}")),
    ).rejects.toThrow(/ACCESS_REFUSED|403/);
  });

  it("refuses a system reading another system's queue, and guest altogether", async () => {
    const connection = await amqp.connect(broker.catalog);
    const channel = await connection.createChannel();
    const refused = new Promise<Error>((resolve) => channel.once("error", resolve));
    await expect(channel.consume(inboxQueueOf("store"), () => {})).rejects.toThrow();
    expect(String(await refused)).toMatch(/ACCESS_REFUSED/);
    await connection.close().catch(() => {});

    const guest = new URL(broker.catalog);
    guest.username = "guest";
    guest.password = "guest";
    await expect(amqp.connect(guest.toString())).rejects.toThrow(/ACCESS_REFUSED|403|auth/i);
  });

  it("keeps an event nobody can receive yet pending instead of dropping it", async () => {
    transact(catalogDb, (tx) => recordEvent(tx, "catalog.stock.reserved", "o1", { orderId: "o1" }));
    catalog.wake();
    await eventually(() => {
      const row = catalogDb.select().from(outbox).where(eq(outbox.type, "catalog.stock.reserved")).get();
      return row && row.attempts > 0 && row.publishedAt === null;
    });
    expect(catalog.status().outboxPending).toBe(1);
  });
});
