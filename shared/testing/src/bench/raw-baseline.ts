/**
 * The benchmark's baselines: plain amqplib, none of the suite's machinery (no outbox, no relay, no
 * envelope checks, no inbox, no handler). The publisher sends persistent messages with publisher
 * confirms, at most `window` unconfirmed. Three routes, one queue and one consumer each:
 * - `tuned` and `broker` carry their messages as the contract makes the systems carry theirs
 *   (CONTRACT.md, "Messaging"; decision 0025): through a topic exchange of their own with the
 *   event's type as routing key, into a quorum queue with an explicit `x-delivery-limit` that
 *   dead-letters, with the AMQP `message-id`, the `user-id` the broker checks and the CloudEvents
 *   content type. The topic exchange is most of what that costs the broker.
 * - `bare`: the default exchange straight into a quorum queue of no arguments, no `user-id`: the
 *   most this broker carries on this machine, whatever the contract asks.
 * Consumers:
 * - `tuned`: the best hand-written consumer with the suite's persistence. Every delivery that has
 *   arrived by the next turn of the event loop is inserted in one SQLite transaction (WAL,
 *   synchronous=NORMAL, like the systems); the WAL is then fsynced (one fsync shared by every
 *   commit before it, as the systems do before an ack, decision 0010) and one `multiple` ack settles
 *   the batch. Commits go on while an fsync runs.
 * - `broker`, `bare`: the broker alone, no database: the same batches acked at once with one
 *   `multiple` ack.
 * Run as processes: `node --import tsx raw-baseline.ts publisher <amqp url>` or
 * `… consumer <amqp url> tuned <sqlite file>` or `… consumer <amqp url> broker|bare`.
 */
import { open } from "node:fs/promises";
import amqp, { type ConsumeMessage } from "amqplib";
import Database from "better-sqlite3";
import { nowNs, serveCommands, until } from "./serve-commands";

const KINDS = ["tuned", "broker", "bare"] as const;
type Kind = (typeof KINDS)[number];
const isKind = (value: string | undefined): value is Kind => KINDS.some((kind) => kind === value);
const queueOf = (kind: Kind) => `bench.raw.${kind}`;
/** The contract's routes: each baseline's own topic exchange (`bare` has none: the default exchange). */
const exchangeOf = (kind: Kind) => (kind === "bare" ? "" : `bench.raw.${kind}.events`);
const DEAD_LETTERS = "bench.raw.dead-letters";
/** As the systems' queues (runtime.ts: `deliveryLimit`, 5 unless configured). */
const DELIVERY_LIMIT = 5;

/** Deliveries the broker may push ahead of the acks (the systems' consumers take as many, consumer.ts INBOX_PREFETCH). */
const PREFETCH = 1000;

const [role, url, kind, file] = process.argv.slice(2);
const usage =
  "usage: raw-baseline.ts publisher <amqp url> | consumer <amqp url> tuned <sqlite file> | consumer <amqp url> broker|bare";
if (!url || (role !== "publisher" && role !== "consumer")) throw new Error(usage);
/** The connection's user: the AMQP `user-id` of what the contract's routes carry, which the broker checks. */
const userId = decodeURIComponent(new URL(url).username);

const connection = await amqp.connect(url);
const channel = await connection.createConfirmChannel();
await channel.assertExchange(DEAD_LETTERS, "fanout", { durable: true });
await channel.assertQueue(DEAD_LETTERS, { durable: true, arguments: { "x-queue-type": "quorum" } });
await channel.bindQueue(DEAD_LETTERS, DEAD_LETTERS, "");
for (const each of KINDS) {
  if (each === "bare") {
    await channel.assertQueue(queueOf(each), { durable: true, arguments: { "x-queue-type": "quorum" } });
    continue;
  }
  await channel.assertExchange(exchangeOf(each), "topic", { durable: true });
  await channel.assertQueue(queueOf(each), {
    durable: true,
    arguments: {
      "x-queue-type": "quorum",
      "x-delivery-limit": DELIVERY_LIMIT,
      "x-dead-letter-exchange": DEAD_LETTERS,
    },
  });
}

if (role === "publisher") {
  type Publishing = { to: string; body: string; window: number; contentType: string };
  /**
   * Publishes copies of the event `body` on the route of baseline `to` (the contract's routes take
   * its type as routing key), persistent and confirmed, with at most `window` unconfirmed.
   */
  const publisherFor = async ({ to, body, window, contentType }: Publishing) => {
    if (!isKind(to)) throw new Error(`no baseline ${to}`);
    const { type } = JSON.parse(body) as { type?: unknown };
    if (typeof type !== "string") throw new Error("the event body has no type");
    const exchange = exchangeOf(to);
    const routingKey = exchange ? type : queueOf(to);
    if (exchange) await channel.bindQueue(queueOf(to), exchange, routingKey);
    const content = Buffer.from(body);
    let unconfirmed = 0;
    let failed = 0;
    return {
      async publish(messageId: string) {
        if (unconfirmed >= window) await until(() => unconfirmed < window, 60_000, "confirms", 0);
        unconfirmed++;
        channel.publish(
          exchange,
          routingKey,
          content,
          { persistent: true, messageId, contentType, ...(exchange ? { userId } : {}) },
          (error) => {
            unconfirmed--;
            if (error) failed++;
          },
        );
      },
      /** Resolves once every message is confirmed, with how many the broker refused. */
      async confirmed() {
        await channel.waitForConfirms();
        return failed;
      },
    };
  };
  serveCommands({
    /** Publishes `count` messages as fast as the window lets it (T1, T4). */
    async burst({ count, ...publishing }: Publishing & { count: number }) {
      const publisher = await publisherFor(publishing);
      const firstNs = nowNs();
      for (let i = 0; i < count; i++) await publisher.publish(`${process.pid}-${firstNs}-${i}`);
      const failed = await publisher.confirmed();
      return { firstNs, confirmedNs: nowNs(), failed };
    },
    /**
     * T2's schedule: `perSecond` messages a second for `seconds`, each published when it is due,
     * whatever the previous ones cost (open loop, as catalog's `paced` edits). Returns each
     * message's id and publish time: the baseline's counterpart of catalog's commit.
     */
    async paced({ perSecond, seconds, ...publishing }: Publishing & { perSecond: number; seconds: number }) {
      const publisher = await publisherFor(publishing);
      const sent: [id: string, publishedNs: number][] = [];
      const total = perSecond * seconds;
      const startMs = performance.now();
      while (sent.length < total) {
        const due = Math.min(total, Math.floor(((performance.now() - startMs) * perSecond) / 1000) + 1);
        while (sent.length < due) {
          const messageId = `${process.pid}-${startMs}-${sent.length}`;
          sent.push([messageId, nowNs()]);
          await publisher.publish(messageId);
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const failed = await publisher.confirmed();
      return { sent, seconds: (performance.now() - startMs) / 1000, failed };
    },
    async stop() {
      await connection.close();
      setImmediate(() => process.exit(0));
    },
  });
} else {
  if (!isKind(kind) || (kind === "tuned" && !file)) throw new Error(usage);
  const sqlite = kind === "tuned" ? new Database(file) : null;
  /** Writes a batch in one transaction; resolves when it is on disk. */
  let persist: (batch: ConsumeMessage[]) => Promise<void> = () => Promise.resolve();
  if (sqlite) {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = NORMAL");
    sqlite.exec("create table if not exists messages (id text primary key, body text not null)");
    const insert = sqlite.prepare("insert or ignore into messages (id, body) values (?, ?)");
    const insertAll = sqlite.transaction((batch: ConsumeMessage[]) => {
      for (const m of batch) insert.run(m.properties.messageId, m.content.toString());
    });
    persist = (batch) => {
      insertAll(batch);
      return durable();
    };
  }
  /** Group commit: an fsync of the WAL covers every commit before it started; callers during one share the next. */
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const fsyncWal = async () => {
    const handle = await open(`${file}-wal`, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  };
  function durable(): Promise<void> {
    if (!running) {
      running = fsyncWal().finally(() => {
        running = null;
      });
      return running;
    }
    next ??= running.then(() => {
      next = null;
      return durable();
    });
    return next;
  }

  const consumed: number[] = [];
  /** Each message's id with its time, kept only when asked (`reset({ withKeys: true })`: T2, T3). */
  let consumedKeys: [id: string, consumedNs: number][] | null = null;
  let batch: ConsumeMessage[] = [];
  const flush = () => {
    const taken = batch;
    batch = [];
    const last = taken.at(-1);
    if (!last) return;
    const durableNow = persist(taken);
    const at = nowNs();
    for (let i = 0; i < taken.length; i++) consumed.push(at);
    if (consumedKeys) for (const m of taken) consumedKeys.push([m.properties.messageId, at]);
    // fsyncs finish in the order they started, so acks go out in delivery order.
    durableNow.then(
      () => channel.ack(last, true),
      (error: Error) => {
        console.error(`fsync failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  await channel.prefetch(PREFETCH);
  await channel.consume(queueOf(kind), (message) => {
    if (!message) return;
    if (batch.push(message) === 1) setImmediate(flush);
  });
  serveCommands({
    reset({ withKeys = false }: { withKeys?: boolean } = {}) {
      consumed.length = 0;
      consumedKeys = withKeys ? [] : null;
    },
    async awaitConsumed({ count, timeoutMs }: { count: number; timeoutMs: number }) {
      await until(() => consumed.length >= count, timeoutMs, `${count} raw messages consumed`, 2);
      return {
        count: consumed.length,
        firstNs: consumed[0],
        lastNs: consumed.at(-1),
        ...(consumedKeys ? { consumed: consumedKeys } : {}),
      };
    },
    async stop() {
      await connection.close();
      sqlite?.close();
      setImmediate(() => process.exit(0));
    },
  });
}
