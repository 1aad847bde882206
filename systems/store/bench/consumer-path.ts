/**
 * store's consumer path alone, without a broker: what one delivery of `catalog.product.upserted`
 * costs from its bytes to its commit (admission: JSON and schemas; the inbox row and the handler's
 * versioned upsert in one transaction per batch; the batch's fsync and its `multiple` ack, on a
 * fake channel). Prints µs per event for each of a few repetitions, by the wall clock and in CPU
 * time (user + system, all threads: on a shared machine the wall clock also counts other processes'
 * turns, so A/Bs compare the CPU figure). Run from systems/store with
 * `node --import tsx bench/consumer-path.ts [events] [batch]` (add `--cpu-prof` to node for a
 * profile). The bodies are built as catalog's relay sends them (recordEvent's shape, 100 products,
 * versions rising), the delivery objects as amqplib hands them over.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Consumer } from "@scs/messaging/consumer";
import { durableCommits } from "@scs/messaging/db";
import type { Channel, ConfirmChannel, ConsumeMessage } from "amqplib";
import { v7 as uuidv7 } from "uuid";
import { openDatabase } from "@/db/database";
import { subscriptions } from "@/messaging/subscriptions";

const events = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.argv[3] ?? 500);
const PRODUCTS = 100;

const folder = mkdtempSync(path.join(tmpdir(), "store-consumer-path-"));
const db = openDatabase(path.join(folder, "store.sqlite"));
const consumer = new Consumer({
  system: "store",
  db,
  subscriptions,
  deliveryLimit: 5,
  userId: "store",
  log: (line) => console.error(line),
  durable: durableCommits(db),
  afterCommit: () => {},
  onApplied: () => {},
});

let acked = 0;
const channel = {
  ack(message: ConsumeMessage, multiple = false) {
    acked = multiple ? message.fields.deliveryTag : acked + 1;
  },
  nack() {
    throw new Error("nothing may be requeued here");
  },
  once() {},
} as unknown as Channel;
const publish = {} as ConfirmChannel;

let tag = 0;
const productIds = Array.from({ length: PRODUCTS }, () => uuidv7());
const versions = new Array<number>(PRODUCTS).fill(1);

/** A delivery as the relay publishes catalog's price edit of product `i`. */
function delivery(i: number): ConsumeMessage {
  const id = productIds[i % PRODUCTS] as string;
  const version = (versions[i % PRODUCTS] ?? 1) + 1;
  versions[i % PRODUCTS] = version;
  const eventId = uuidv7();
  const body = JSON.stringify({
    specversion: "1.0",
    id: eventId,
    source: "/catalog",
    type: "catalog.product.upserted",
    subject: id,
    time: new Date().toISOString(),
    datacontenttype: "application/json",
    dataschemaversion: 1,
    aggregateversion: version,
    data: {
      id,
      sku: `BENCH-${String(i % PRODUCTS).padStart(5, "0")}`,
      title: `Bench product ${i % PRODUCTS}`,
      description: "A product of the benchmark.",
      priceCents: 1_000 + i,
      currency: "EUR",
      category: "home-kitchen",
      stock: 10,
      image: `/api/products/${id}/image.svg`,
    },
  });
  return {
    content: Buffer.from(body),
    fields: {
      deliveryTag: ++tag,
      redelivered: false,
      exchange: "catalog.events",
      routingKey: "catalog.product.upserted",
      consumerTag: "c",
    },
    properties: {
      contentType: "application/cloudevents+json",
      messageId: eventId,
      type: "catalog.product.upserted",
      userId: "catalog",
      appId: "catalog",
      timestamp: Math.floor(Date.now() / 1000),
      headers: {},
    },
  } as unknown as ConsumeMessage;
}

async function round(): Promise<{ us: number; cpuUs: number }> {
  const messages = Array.from({ length: events }, (_, i) => delivery(i));
  const bytes = messages.reduce((sum, m) => sum + m.content.length, 0);
  const start = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < messages.length; i += batchSize)
    await consumer.processBatch(
      messages.slice(i, i + batchSize).map((message) => ({ message, channel, publish })),
    );
  await consumer.drain();
  const us = Number(process.hrtime.bigint() - start) / 1_000 / events;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuUs = (cpu.user + cpu.system) / events;
  if (acked !== tag) throw new Error(`acked ${acked} of ${tag}`);
  console.log(
    `${events} events (${Math.round(bytes / events)} bytes each), batches of ${batchSize}: ${us.toFixed(2)} µs/event, CPU ${cpuUs.toFixed(2)} µs/event`,
  );
  return { us, cpuUs };
}

const results: { us: number; cpuUs: number }[] = [];
for (let r = 0; r < 5; r++) results.push(await round());
for (const key of ["us", "cpuUs"] as const) {
  const sorted = results.map((r) => r[key]).sort((a, b) => a - b);
  console.log(
    `${key === "us" ? "wall" : "CPU"}: median ${sorted[2]?.toFixed(2)} µs/event (min ${sorted[0]?.toFixed(2)}, max ${sorted[4]?.toFixed(2)})`,
  );
}
if (consumer.consumed !== 5 * events || consumer.deadLettered !== 0)
  throw new Error(`consumed ${consumer.consumed}, dead-lettered ${consumer.deadLettered}`);
db.$client.close();
rmSync(folder, { recursive: true, force: true });
