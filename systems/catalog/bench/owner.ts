/**
 * catalog as the benchmark's owner: its real database, domain write path (`updateProduct`: the
 * row and its `catalog.product.upserted` event in one transaction) and messaging runtime (outbox,
 * relay). Driven by scripts/bench.mjs over stdin; run from systems/catalog with
 * `node --import tsx bench/owner.ts <amqp url> <sqlite file>`.
 */

import { createMessaging } from "@scs/messaging/runtime";
import type { Messaging } from "@scs/messaging/types";
import { nowNs, serveCommands, until } from "@scs/testing/bench";
import { openDatabase } from "@/db/client";
import { createProduct, updateProduct } from "@/domain/products";
import { subscriptions } from "@/messaging/subscriptions";

const [amqpUrl, file] = process.argv.slice(2);
if (!amqpUrl || !file) throw new Error("usage: owner.ts <amqp url> <sqlite file>");

const db = openDatabase(file);
/** catalog's messaging runtime; the benchmark stops and starts it (a broker outage, as catalog sees it). */
let messaging: Messaging | null = null;
const connected = (): Messaging => {
  if (!messaging) throw new Error("catalog's messaging is not running");
  return messaging;
};

let productIds: string[] = [];
let edits = 0;

/** One price edit through catalog's write path; returns the replication key and commit time. */
function edit(): [key: string, committedNs: number] {
  edits++;
  const id = productIds[edits % productIds.length] as string;
  const product = updateProduct(db, id, { priceCents: 1_000 + edits }, { actor: "bench" });
  const committedNs = nowNs();
  messaging?.wake();
  return [`${product.id}@${product.version}`, committedNs];
}

const yieldToRelay = () => new Promise((resolve) => setImmediate(resolve));

serveCommands({
  /** Starts catalog's messaging runtime; resolves with the time it was started, once connected. */
  async connect() {
    const startedNs = nowNs();
    const runtime = createMessaging({
      system: "catalog",
      amqpUrl,
      db,
      subscriptions,
      log: (line) => console.error(`[catalog] ${line}`),
    });
    messaging = runtime;
    // Up: its relay's thread connected too (what catalog writes is published at once).
    await until(() => runtime.status().broker === "up", 60_000, "catalog connected");
    return startedNs;
  },

  /** Stops it gracefully: what catalog writes from now on waits in its outbox. */
  async disconnect() {
    await connected().stop();
    messaging = null;
  },

  createProducts({ count }: { count: number }) {
    productIds = Array.from({ length: count }, (_, i) => {
      const sku = `BENCH-${String(i).padStart(5, "0")}`;
      return createProduct(db, {
        sku,
        title: `Bench product ${i}`,
        description: "A product of the benchmark.",
        priceCents: 1_000,
        category: "home-kitchen",
        stock: 10,
      }).id;
    });
    return productIds.map((id) => `${id}@1`);
  },

  /** `count` edits as fast as the process can write them, letting the relay run between edits. */
  async burst({ count }: { count: number }) {
    const firstNs = nowNs();
    for (let i = 0; i < count; i++) {
      edit();
      if (i % 10 === 9) await yieldToRelay();
    }
    return { firstNs, lastCommitNs: nowNs() };
  },

  /**
   * Edits as fast as the process can write them for `seconds` (its write-only rate when
   * disconnected), and the CPU time the process took meanwhile (the share of a core that rate costs).
   */
  async burstFor({ seconds }: { seconds: number }) {
    const cpuBefore = process.cpuUsage();
    const firstNs = nowNs();
    const untilNs = firstNs + seconds * 1e9;
    let count = 0;
    while (nowNs() < untilNs) {
      edit();
      if (++count % 10 === 0) await yieldToRelay();
    }
    const cpu = process.cpuUsage(cpuBefore);
    return { count, firstNs, lastCommitNs: nowNs(), cpuMicros: cpu.user + cpu.system };
  },

  /** Edits at a fixed rate (open loop: on schedule, whatever the previous ones cost). */
  async paced({ perSecond, seconds }: { perSecond: number; seconds: number }) {
    const commits: [string, number][] = [];
    const total = perSecond * seconds;
    const startMs = performance.now();
    while (commits.length < total) {
      const due = Math.min(total, Math.floor(((performance.now() - startMs) * perSecond) / 1000) + 1);
      while (commits.length < due) commits.push(edit());
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    return { commits, seconds: (performance.now() - startMs) / 1000 };
  },

  /** Waits until the relay has published everything the outbox holds (broker-confirmed). */
  async outboxPublished({ timeoutMs }: { timeoutMs: number }) {
    const runtime = connected();
    await until(() => runtime.status().outboxPending === 0, timeoutMs, "catalog's outbox published", 50);
    return runtime.status().published;
  },

  /** Events recorded and not yet published (confirmed by the broker). */
  outboxPending() {
    return connected().status().outboxPending;
  },

  /** A published event body, so that the raw baseline sends messages of the same size. */
  sampleEventBody() {
    const row = db.$client.prepare("select body from outbox order by seq desc limit 1").get() as
      | { body: string }
      | undefined;
    if (!row) throw new Error("no event recorded yet");
    return row.body;
  },

  async stop() {
    await messaging?.stop();
    setImmediate(() => process.exit(0));
  },
});
