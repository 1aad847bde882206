/**
 * How deliveries form batches. amqplib hands the consumer the deliveries of one socket read (at
 * most 64 KiB, about 90 events) per callback, and a backlog arrives as many reads in one turn of
 * the event loop: those must make one batch (one transaction, one fsync, one `multiple` ack), not
 * one batch each. Unit level: amqplib's channels are fakes, the database a real SQLite file.
 */

import { createTestDb } from "@scs/testing";
import type { Channel, ConfirmChannel, ConsumeMessage } from "amqplib";
import { beforeEach, describe, expect, it } from "vitest";
import type { Consumer } from "./consumer";
import type { Db } from "./db";
import * as messagingTables from "./tables";
import { channelDeliveries, productRemoved, storeConsumer } from "./test-deliveries";

const acks: { tag: number; multiple: boolean }[] = [];
const channel = {
  ack(message: ConsumeMessage, multiple = false) {
    acks.push({ tag: message.fields.deliveryTag, multiple });
  },
  nack() {},
  once() {},
} as unknown as Channel;
const publish = {} as ConfirmChannel;

let db: Db;
let consumer: Consumer;
let commitsMadeDurable = 0;
let delivery = channelDeliveries();
beforeEach(async () => {
  acks.length = 0;
  commitsMadeDurable = 0;
  delivery = channelDeliveries();
  db = await createTestDb(messagingTables);
  consumer = storeConsumer(db, {
    durable: async () => {
      commitsMadeDurable++;
    },
    afterCommit: () => {},
    subscriptions: { "catalog.product.removed": () => {} },
  });
});

/** The end of one I/O callback: what it queued as microtasks has run, no other callback yet. */
async function endOfCallback(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

describe("batches", () => {
  it("applies the deliveries of several reads in one turn of the event loop as one batch", async () => {
    for (let read = 0; read < 3; read++) {
      for (let i = 0; i < 4; i++)
        consumer.deliver(delivery(productRemoved(`p${read}-${i}`)), channel, publish);
      await endOfCallback();
    }
    await consumer.drain();
    expect(consumer.consumed).toBe(12);
    expect(commitsMadeDurable).toBe(1);
    expect(acks).toEqual([{ tag: 12, multiple: true }]);
  });

  it("applies a lone delivery without waiting for more", async () => {
    consumer.deliver(delivery(productRemoved("p1")), channel, publish);
    await new Promise((resolve) => setImmediate(resolve));
    await consumer.drain();
    expect(consumer.consumed).toBe(1);
    expect(acks).toEqual([{ tag: 1, multiple: true }]);
  });
});
