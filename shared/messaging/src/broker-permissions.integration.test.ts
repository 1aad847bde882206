/**
 * Least privilege on the real broker (CONTRACT "Messaging"): a system may bind its queues only to
 * the exchanges it consumes (shared/contracts/src/consumers.json). catalog consumes nothing of
 * music's, so binding a catalog queue to `music.events` is refused with ACCESS_REFUSED.
 */
import { exchangeOf } from "@scs/contracts/topology";
import { testBroker } from "@scs/testing";
import amqp from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const broker = testBroker();
const probe = `catalog.permission-probe-${process.pid}`;

beforeAll(async () => {
  // The exchanges exist (as their owners declare them), so that a refusal is about permissions.
  const connection = await amqp.connect(broker.admin);
  const channel = await connection.createChannel();
  for (const system of ["catalog", "music", "store"] as const) {
    await channel.assertExchange(exchangeOf(system), "topic", { durable: true });
  }
  await connection.close();
});

afterAll(async () => {
  const connection = await amqp.connect(broker.admin);
  const channel = await connection.createChannel();
  await channel.deleteQueue(probe);
  await connection.close();
});

/** Binds `probe` (a queue catalog may declare) to `exchange` as catalog: resolves or rejects. */
async function bindAsCatalog(exchange: string): Promise<void> {
  const connection = await amqp.connect(broker.catalog);
  try {
    const channel = await connection.createChannel();
    channel.on("error", () => {});
    await channel.assertQueue(probe, { durable: false, autoDelete: false });
    await channel.bindQueue(probe, exchange, "#");
    await channel.close();
  } finally {
    await connection.close().catch(() => {});
  }
}

describe("broker read permissions", () => {
  it("lets catalog bind to the exchange it consumes (store.events)", async () => {
    await expect(bindAsCatalog(exchangeOf("store"))).resolves.toBeUndefined();
  });

  it("refuses catalog a binding to music.events, which it does not consume (ACCESS_REFUSED)", async () => {
    await expect(bindAsCatalog(exchangeOf("music"))).rejects.toThrow(/ACCESS_REFUSED/);
  });
});
