/**
 * How the consumer settles deliveries when the broker misbehaves: a dead-letter publish that fails,
 * an ack that fails after the commit. Unit level, with amqplib's channels replaced by fakes that
 * record what was acked; the database is a real SQLite file.
 */

import { createTestDb, eventually } from "@scs/testing";
import type { Channel, ConfirmChannel, ConsumeMessage } from "amqplib";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { beforeEach, describe, expect, it } from "vitest";
import type { Consumer } from "./consumer";
import type { Db } from "./db";
import * as messagingTables from "./tables";
import { channelDeliveries, productRemoved, storeConsumer } from "./test-deliveries";

const applied = sqliteTable("applied", { id: text("id").primaryKey(), n: integer("n").notNull() });

let delivery = channelDeliveries();
const event = productRemoved;

/** A consuming channel that records settlements; "acked" resolves `multiple` acks as the broker does. */
function consumeChannel() {
  const acked = new Set<number>();
  const requeued: number[] = [];
  const state = { failAcks: false };
  const channel = {
    ack(message: ConsumeMessage, multiple = false) {
      if (state.failAcks) throw new Error("Channel closed");
      const t = message.fields.deliveryTag;
      if (multiple) for (let i = 1; i <= t; i++) acked.add(i);
      else acked.add(t);
    },
    nack(message: ConsumeMessage) {
      requeued.push(message.fields.deliveryTag);
    },
    once() {},
  };
  return { acked, requeued, state, channel: channel as unknown as Channel };
}

/** The confirm channel dead letters are published on; `nack` makes the broker refuse them. */
function publishChannel() {
  const state = { nack: true, deadLetters: 0 };
  const channel = {
    publish(_e: string, _k: string, _b: Buffer, _o: unknown, cb: (error?: Error) => void) {
      if (state.nack) setImmediate(() => cb(new Error("message nacked")));
      else {
        state.deadLetters++;
        setImmediate(() => cb());
      }
      return true;
    },
  };
  return { state, channel: channel as unknown as ConfirmChannel };
}

let db: Db;
let consumer: Consumer;
/** What the consumer awaits before an ack: the WAL's fsync in the runtime. */
let durable: () => Promise<void>;
beforeEach(async () => {
  delivery = channelDeliveries();
  durable = () => Promise.resolve();
  db = await createTestDb({ ...messagingTables, applied });
  consumer = storeConsumer(db, {
    durable: () => durable(),
    afterCommit: () => {},
    subscriptions: {
      "catalog.product.removed": (e, tx) => {
        tx.insert(applied).values({ id: e.data.id, n: 1 }).run();
      },
    },
  });
});

const appliedIds = () =>
  db
    .select()
    .from(applied)
    .all()
    .map((r) => r.id)
    .sort();

describe("the consumer settles nothing it has not applied or dead-lettered", () => {
  it("applies the rest of a batch when the dead-letter publish is refused, and never acks the poison message", async () => {
    const consume = consumeChannel();
    const publish = publishChannel();
    const batch = [delivery("{not json"), delivery(event("e2")), delivery(event("e3"))];
    await consumer.processBatch(
      batch.map((message) => ({ message, channel: consume.channel, publish: publish.channel })),
    );
    expect(appliedIds()).toEqual(["e2", "e3"]);

    const fourth = delivery(event("e4"));
    await consumer.processBatch([{ message: fourth, channel: consume.channel, publish: publish.channel }]);
    await consumer.drain();
    expect(appliedIds()).toEqual(["e2", "e3", "e4"]);
    // The poison message (tag 1) is held: no ack, not even through a `multiple` ack of a later one.
    expect(consume.acked.has(1)).toBe(false);
    expect([...consume.acked].sort()).toEqual([2, 3, 4]);

    // Once the dead-letter queue takes messages again, the poison message is dead-lettered, then acked.
    publish.state.nack = false;
    await eventually(() => consume.acked.has(1), 5_000, "the poison message dead-lettered and acked");
    expect(publish.state.deadLetters).toBe(1);
    expect(consumer.deadLettered).toBe(1);
  });

  it("does not count a failed ack of an applied event as a handler failure (no dead letter at the limit)", async () => {
    const consume = consumeChannel();
    const publish = publishChannel();
    publish.state.nack = false;
    consume.state.failAcks = true;
    // Its last delivery before the limit: a handler failure now would dead-letter it.
    const outcome = await consumer.process(delivery(event("e9"), 2), consume.channel, publish.channel);
    expect(outcome).toBe("applied");
    expect(appliedIds()).toEqual(["e9"]);
    expect(publish.state.deadLetters).toBe(0);
    expect(consume.requeued).toEqual([]);
  });

  it("acks a batch only once its commit is on disk (durable() resolved)", async () => {
    const consume = consumeChannel();
    const publish = publishChannel();
    let makeDurable = () => {};
    durable = () =>
      new Promise<void>((resolve) => {
        makeDurable = resolve;
      });
    const batch = [delivery(event("d1")), delivery(event("d2"))];
    await consumer.processBatch(
      batch.map((message) => ({ message, channel: consume.channel, publish: publish.channel })),
    );
    expect(appliedIds()).toEqual(["d1", "d2"]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(consume.acked.size).toBe(0);
    makeDurable();
    await consumer.drain();
    expect([...consume.acked].sort()).toEqual([1, 2]);
  });
});
