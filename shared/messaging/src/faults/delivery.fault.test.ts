/**
 * Fault tests (issue 3) on the way messages travel: the consumer killed, connections cut or
 * force-closed, channels failed, duplicates out of order, poison, dead letters that cannot be
 * published. Each runs against a RabbitMQ of this file's own and is followed by the oracle: lost,
 * duplicated effects and unexpected events 0, the replica holding exactly the owners' versions.
 */

import { eventually } from "@scs/testing";
import amqp from "amqplib";
import { v7 as uuidv7 } from "uuid";
import { describe, expect, it } from "vitest";
import { labOfThisFile, pace, productEvent } from "./scenario";

const { lab, writeSpread, expectNoDamage } = labOfThisFile("delivery");

describe("the replica stays identical to its owners when deliveries fail", () => {
  it("while the consuming system is killed (SIGKILL) 5 times mid-stream", async () => {
    const before = lab.redelivered;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 400; i++) lab.write(i % 2 === 0 ? "catalog" : "music", `crash-${i % 50}`);
      lab.owners.catalog.messaging.wake();
      lab.owners.music.messaging.wake();
      // Kill it while it is working through the burst, with deliveries in hand.
      await eventually(
        () => (lab.replicaStatus?.consumed ?? 0) > 20,
        30_000,
        "the replica to start applying",
      );
      await lab.crashReplica();
    }
    await eventually(() => lab.replicaStatus?.consumer === "consuming", 30_000, "the replica back");
    await expectNoDamage();
    await eventually(() => lab.redelivered > before, 10_000, "a redelivery to be observed");
  }, 300_000);

  it("while a TCP proxy cuts every connection 3 times", async () => {
    const writing = writeSpread(1500, 6, "cut");
    let cut = 0;
    for (let round = 0; round < 3; round++) {
      await pace(1_500);
      cut += lab.proxy.cutAll();
    }
    await writing;
    expect(cut).toBeGreaterThanOrEqual(3);
    await expectNoDamage();
  }, 300_000);

  it("when 50 aggregates × 20 versions arrive with duplicates and out of order: no version ever regresses", async () => {
    const events = [];
    for (let a = 0; a < 50; a++)
      for (let v = 1; v <= 20; v++) {
        const event = productEvent(`shuffle-${a}`, v);
        lab.published.add(event.id);
        events.push(event, event); // every event delivered twice
      }
    for (let a = 0; a < 50; a++) lab.expectedCopies.set(`catalog:shuffle-${a}`, 20);
    events.sort(() => Math.random() - 0.5);

    let regressions = 0;
    const seen = new Map<string, number>();
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        for (let a = 0; a < 50; a++) {
          const version = lab.copyVersion("catalog", `shuffle-${a}`) ?? 0;
          if (version < (seen.get(`shuffle-${a}`) ?? 0)) regressions++;
          seen.set(`shuffle-${a}`, version);
        }
        await pace(5);
      }
    })();

    const connection = await amqp.connect(lab.broker.brokerUrls.catalog);
    const channel = await connection.createConfirmChannel();
    for (const event of events)
      channel.publish("catalog.events", event.type, Buffer.from(JSON.stringify(event)), {
        persistent: true,
        userId: "catalog",
        messageId: event.id,
      });
    await channel.waitForConfirms();
    await connection.close();

    await expectNoDamage();
    watching = false;
    await watcher;
    expect(regressions).toBe(0);
  }, 300_000);

  it("when 100 poison messages of several kinds arrive: all dead-lettered with reasons, the next valid one applied within 5 s", async () => {
    const valid = (overrides: Record<string, unknown>) =>
      JSON.stringify({
        specversion: "1.0",
        id: uuidv7(),
        source: "/catalog",
        type: "catalog.product.upserted",
        subject: "p",
        time: new Date().toISOString(),
        aggregateversion: 1,
        data: {
          id: "p",
          sku: "p",
          title: "p",
          description: "",
          priceCents: 1,
          currency: "EUR",
          category: "c",
          stock: 1,
          image: "",
        },
        ...overrides,
      });
    const kinds = [
      () => "{ not json",
      () => "",
      () => valid({ specversion: "0.3" }),
      () => valid({ id: "not-a-uuid" }),
      () => valid({ data: { id: "p", priceCents: -1 } }),
      () => valid({ type: "catalog.product.exploded" }),
      () => valid({ source: "/music" }),
      () => JSON.stringify([1, 2, 3]),
      () => "\u0000\u0001binary",
      () => valid({ data: null }),
    ];
    const deadBefore = lab.deadLetterCount();
    const connection = await amqp.connect(lab.broker.brokerUrls.catalog);
    const channel = await connection.createConfirmChannel();
    for (let i = 0; i < 100; i++)
      channel.publish(
        "catalog.events",
        "catalog.product.upserted",
        Buffer.from(kinds[i % kinds.length]?.() ?? ""),
        {
          persistent: true,
          userId: "catalog",
        },
      );
    await channel.waitForConfirms();
    await connection.close();

    await eventually(
      () => (lab.replicaStatus?.deadLettered ?? 0) - deadBefore >= 100,
      30_000,
      "100 dead letters",
    );
    const started = Date.now();
    lab.write("catalog", "after-poison");
    await eventually(
      () => lab.copyVersion("catalog", "after-poison") !== undefined,
      5_000,
      "the next valid event",
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(lab.replicaStatus?.consumer).toBe("consuming");
    await expectNoDamage();
  }, 120_000);

  it("while the broker force-closes the suite's connections 5 times during 3,000 writes (publishers and consumer)", async () => {
    const writing = writeSpread(3000, 30, "close");
    let closed = 0;
    for (let round = 0; round < 5; round++) {
      await pace(2_000);
      // The management API lists a connection a few seconds after it opens: wait for all three.
      await eventually(
        async () => {
          const connections = (await lab.management("GET", "/connections")) as { user: string }[];
          return ["catalog", "music", "store"].every((user) => connections.some((c) => c.user === user));
        },
        20_000,
        "the owners' and the replica's connections listed",
      );
      closed += await lab.closeConnections(["catalog", "music", "store"]);
    }
    await writing;
    expect(closed).toBeGreaterThanOrEqual(15);
    expect((await expectNoDamage()).committed).toBeGreaterThanOrEqual(3000);
  }, 300_000);

  it("while the broker raises channel errors on the relays' and the consumer's channels (connections stay up)", async () => {
    const writing = writeSpread(1500, 8, "channel");
    const closed = { relays: 0, consumer: 0 };
    await pace(1_500);
    closed.relays += await lab.failChannels("catalog", "publishing");
    await pace(1_500);
    closed.consumer += await lab.failChannels("store", "consuming");
    await pace(1_500);
    closed.relays += await lab.failChannels("music", "publishing");
    await writing;
    expect(closed.relays).toBeGreaterThanOrEqual(2);
    expect(closed.consumer).toBeGreaterThanOrEqual(1);
    await expectNoDamage();
  }, 300_000);

  it("when dead-letter publishes fail (dead-letter queue unbound: returned as unroutable) while poison and good messages interleave", async () => {
    // An operator removes the binding of store's dead-letter queue by mistake: every dead letter
    // store publishes is unroutable. (A full queue with `overflow: reject-publish` is no way to make
    // them fail here: store's dead-letter consumer drains the queue at once, so it never stays full.)
    const binding = "/bindings/scs/e/store.dead-letters/q/store.dead-letters";
    await lab.management("DELETE", `${binding}/~`);
    const deadBefore = lab.deadLetterCount();
    const poison = 20;
    const connection = await amqp.connect(lab.broker.brokerUrls.catalog);
    try {
      const channel = await connection.createConfirmChannel();
      for (let i = 0; i < poison; i++) {
        const good = productEvent(`dlq-${i}`, 1);
        lab.published.add(good.id);
        lab.expectedCopies.set(`catalog:dlq-${i}`, 1);
        for (const body of [`{ poison ${i}`, JSON.stringify(good)])
          channel.publish("catalog.events", "catalog.product.upserted", Buffer.from(body), {
            persistent: true,
            userId: "catalog",
          });
      }
      await channel.waitForConfirms();
      // Every good message is applied although the poison ones around it cannot be dead-lettered …
      await eventually(
        () =>
          Array.from({ length: poison }, (_, i) => lab.copyVersion("catalog", `dlq-${i}`)).every(
            (v) => v === 1,
          ),
        30_000,
        "the good messages applied",
      );
      // … and none of the poison ones was acked: all still in store's queue, unacked, none stored.
      const unacked = await eventually(
        async () => {
          const q = (await lab.management("GET", "/queues/scs/store.inbox")) as {
            messages_unacknowledged?: number;
          };
          return (q.messages_unacknowledged ?? 0) >= poison ? q.messages_unacknowledged : undefined;
        },
        15_000,
        "the poison messages held in the queue",
      );
      lab.log(`store.inbox holds ${unacked} unacked message(s) while its dead letters are unroutable`);
      expect(lab.deadLetterCount()).toBe(deadBefore);
    } finally {
      await lab.management("POST", binding, { routing_key: "" });
      await connection.close().catch(() => {});
    }
    // The binding is back: the held messages are dead-lettered by the consumer's next attempts.
    await eventually(() => lab.deadLetterCount() - deadBefore >= poison, 30_000, "all poison dead-lettered");
    expect(lab.deadLetterCount() - deadBefore).toBe(poison);
    await expectNoDamage();
  }, 300_000);
});
