/**
 * When a commit wakes the relay: only when its transaction recorded an event. A wake costs the
 * relay's thread a query of the outbox and the waking thread a notify; most handlers (store's
 * replicas) and many requests record nothing, and T4's drain woke the relay's thread after every
 * batch for nothing. Unit level: amqplib's channels are fakes, the database a real SQLite file.
 */

import { createTestDb } from "@scs/testing";
import type { Channel, ConfirmChannel } from "amqplib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Consumer } from "./consumer";
import type { Db } from "./db";
import { recordEvent, transact } from "./outbox";
import { setProcessMessaging } from "./process-messaging";
import * as messagingTables from "./tables";
import { outbox } from "./tables";
import { channelDeliveries, productRemoved, storeConsumer } from "./test-deliveries";
import type { Messaging } from "./types";

/** A delivery of `catalog.product.removed` for product `id`. */
const deliver = channelDeliveries();
const delivery = (id: string) => deliver(productRemoved(id));

const channel = { ack() {}, nack() {}, once() {} } as unknown as Channel;
const publish = {} as ConfirmChannel;

let db: Db;
let consumer: Consumer;
let wakes = 0;
beforeEach(async () => {
  wakes = 0;
  db = await createTestDb(messagingTables);
  consumer = storeConsumer(db, {
    durable: () => Promise.resolve(),
    afterCommit: () => wakes++,
    subscriptions: {
      // A handler that records an event of its own only for products named "records-…".
      "catalog.product.removed": (event, tx) => {
        if (event.data.id.startsWith("records-"))
          recordEvent(
            tx,
            "catalog.product.removed",
            event.data.id,
            { id: event.data.id },
            { aggregateVersion: 1 },
          );
      },
    },
  });
});

afterEach(() => setProcessMessaging(undefined));

const batchOf = (...ids: string[]) => ids.map((id) => ({ message: delivery(id), channel, publish }));
const outboxRows = () => db.select().from(outbox).all().length;

describe("a commit wakes the relay only when it recorded an event", () => {
  it("a batch whose handlers recorded nothing does not wake the relay; one that recorded an event does", async () => {
    await consumer.processBatch(batchOf("a", "b", "c"));
    expect(consumer.consumed).toBe(3);
    expect(wakes).toBe(0);

    await consumer.processBatch(batchOf("d", "records-e", "f"));
    expect(outboxRows()).toBe(1);
    expect(wakes).toBe(1);
    await consumer.drain();
  });

  it("so does a delivery applied on its own", async () => {
    expect(await consumer.process(delivery("g"), channel, publish)).toBe("applied");
    expect(wakes).toBe(0);
    expect(await consumer.process(delivery("records-h"), channel, publish)).toBe("applied");
    expect(wakes).toBe(1);
  });

  it("transact wakes the process's relay after a commit that recorded an event, not after one that did not", () => {
    let woken = 0;
    setProcessMessaging({ wake: () => woken++ } as unknown as Messaging);
    transact(db, (tx) => tx.select().from(outbox).all());
    expect(woken).toBe(0);
    transact(db, (tx) =>
      recordEvent(tx, "catalog.product.removed", "p1", { id: "p1" }, { aggregateVersion: 1 }),
    );
    expect(woken).toBe(1);
  });
});
