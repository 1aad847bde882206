/**
 * The benchmark's baseline: plain amqplib with the suite's persistence settings and none of its
 * machinery (no outbox, no relay, no envelope checks, no inbox). The publisher sends persistent
 * messages to a durable quorum queue with publisher confirms; the consumer writes each message in
 * its own SQLite transaction (WAL, synchronous=NORMAL, like the systems) and acks it after commit.
 * Run as two processes: `node --import tsx raw-baseline.ts publisher|consumer <amqp url> [sqlite]`.
 */
import amqp from "amqplib";
import Database from "better-sqlite3";
import { nowNs, serveCommands, until } from "./serve-commands";

export const RAW_QUEUE = "bench.raw";

const [role, url, file] = process.argv.slice(2);
if ((role !== "publisher" && role !== "consumer") || !url)
  throw new Error("usage: raw-baseline.ts publisher|consumer <amqp url> [sqlite file]");

const connection = await amqp.connect(url);
const channel = await connection.createConfirmChannel();
await channel.assertQueue(RAW_QUEUE, { durable: true, arguments: { "x-queue-type": "quorum" } });

if (role === "publisher") {
  serveCommands({
    /** Publishes `count` copies of `body`, with at most `window` unconfirmed at any time. */
    async burst({ count, body, window }: { count: number; body: string; window: number }) {
      const content = Buffer.from(body);
      const firstNs = nowNs();
      let unconfirmed = 0;
      let failed = 0;
      for (let i = 0; i < count; i++) {
        if (unconfirmed >= window) await until(() => unconfirmed < window, 60_000, "confirms", 0);
        unconfirmed++;
        channel.sendToQueue(
          RAW_QUEUE,
          content,
          { persistent: true, messageId: `${process.pid}-${i}`, contentType: "application/json" },
          (error) => {
            unconfirmed--;
            if (error) failed++;
          },
        );
      }
      await channel.waitForConfirms();
      return { firstNs, confirmedNs: nowNs(), failed };
    },
    async stop() {
      await connection.close();
      setImmediate(() => process.exit(0));
    },
  });
} else {
  if (!file) throw new Error("the consumer needs a sqlite file");
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.exec("create table if not exists messages (id text primary key, body text not null)");
  const insert = sqlite.prepare("insert or ignore into messages (id, body) values (?, ?)");
  const consumed: number[] = [];
  await channel.prefetch(100);
  await channel.consume(RAW_QUEUE, (message) => {
    if (!message) return;
    insert.run(message.properties.messageId, message.content.toString());
    channel.ack(message);
    consumed.push(nowNs());
  });
  serveCommands({
    reset() {
      consumed.length = 0;
    },
    async awaitConsumed({ count, timeoutMs }: { count: number; timeoutMs: number }) {
      await until(() => consumed.length >= count, timeoutMs, `${count} raw messages consumed`, 2);
      return { count: consumed.length, firstNs: consumed[0], lastNs: consumed.at(-1) };
    },
    async stop() {
      await connection.close();
      sqlite.close();
      setImmediate(() => process.exit(0));
    },
  });
}
