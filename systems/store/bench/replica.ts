/**
 * store as the benchmark's replica: its real database, handlers (`subscriptions`) and messaging
 * runtime (consumer, inbox). Records when each product version was applied (after commit).
 * Driven by scripts/bench.mjs over stdin; run from systems/store with
 * `node --import tsx bench/replica.ts <amqp url> <sqlite file>`.
 */

import { createMessaging } from "@scs/messaging/runtime";
import { nowNs, serveCommands, until } from "@scs/testing/bench";
import { openDatabase } from "@/db/database";
import { subscriptions } from "@/messaging/subscriptions";

const [amqpUrl, file] = process.argv.slice(2);
if (!amqpUrl || !file) throw new Error("usage: replica.ts <amqp url> <sqlite file>");

/** Product versions applied since the last `reset`, with the time of their commit. */
let applied: [key: string, appliedNs: number][] = [];

const messaging = createMessaging({
  system: "store",
  amqpUrl,
  db: openDatabase(file),
  subscriptions,
  log: (line) => console.error(`[store] ${line}`),
  onApplied(event) {
    if (event.type === "catalog.product.upserted")
      applied.push([`${event.subject}@${event.aggregateversion}`, nowNs()]);
  },
});

serveCommands({
  async ready() {
    await until(() => messaging.status().consumer === "consuming", 60_000, "store connected");
  },

  reset() {
    applied = [];
  },

  /** Waits for `count` applied product versions since the last reset; `withKeys` returns them all. */
  async awaitApplied({
    count,
    timeoutMs,
    withKeys,
  }: {
    count: number;
    timeoutMs: number;
    withKeys?: boolean;
  }) {
    await until(() => applied.length >= count, timeoutMs, `store to apply ${count} product versions`, 2);
    return {
      count: applied.length,
      firstNs: applied[0]?.[1],
      lastNs: applied.at(-1)?.[1],
      ...(withKeys ? { applied } : {}),
    };
  },

  async stop() {
    await messaging.stop();
    setImmediate(() => process.exit(0));
  },
});
