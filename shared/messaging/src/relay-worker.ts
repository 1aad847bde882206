/**
 * The relay's own thread (decision 0024): a worker thread of the system's process, with its own
 * connection to the system's database file and its own broker connection, so that the relay keeps
 * publishing while the process's main thread is busy writing (a flood of edits saturates it; on
 * the same thread the relay got what the writes left over, and the outbox grew without bound).
 * The main thread starts it while it holds the system's lease and talks to it by messages
 * (relay-thread.ts): wake after a commit, the publish spans of traced rows, stop.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { SystemName } from "@scs/contracts/events";
import { exchangeOf } from "@scs/contracts/topology";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { BrokerLink } from "./connection";
import { durableCommits } from "./db";
import { Relay, type TracedRow } from "./relay";

/** What the main thread starts the relay's thread with. */
export interface RelayWorkerData {
  system: SystemName;
  /** The system's database file (the same file the main thread writes). */
  file: string;
  amqpUrl: string;
  /** The broker user: set as AMQP `user-id`, which the broker verifies. */
  userId: string;
  /**
   * One Int32 the main thread sets to 1 after a commit (`Atomics.notify`): the relay wakes even
   * while the main thread is inside a long synchronous run of writes, and a commit costs no message.
   */
  wake: SharedArrayBuffer;
}

/** Messages from the main thread to the relay's. */
export type ToRelay =
  | { kind: "spans"; id: number; headers: [eventId: string, traceparent: string][] }
  | { kind: "stop" };

/** Messages from the relay's thread to the main thread. */
export type FromRelay =
  | { kind: "log"; line: string }
  /** The thread's module has run: it listens for messages, and is about to connect. */
  | { kind: "loaded" }
  | { kind: "published"; total: number }
  /** The relay's broker connection came up (publishing possible) or went down. */
  | { kind: "broker"; up: boolean }
  /** The broker's reason while it blocks the relay's connection (memory or disk alarm), or null. */
  | { kind: "blocked"; reason: string | null }
  | { kind: "spans"; id: number; rows: TracedRow[]; node: string | null }
  | { kind: "ended"; outcomes: { eventId: string; error?: string }[] }
  | { kind: "stopped" };

const SWEEP_MS = 1_000;
const PRUNE_EVERY_MS = 60_000;
/** How often the count of published rows goes to the main thread (/ops, metrics). */
const REPORT_EVERY_MS = 100;

if (!parentPort) throw new Error("relay-worker.ts runs as a worker thread (relay-thread.ts starts it)");
const port = parentPort;
const { system, file, amqpUrl, userId, wake } = workerData as RelayWorkerData;
const post = (message: FromRelay) => port.postMessage(message);
const log = (line: string) => post({ kind: "log", line });

const sqlite = new Database(file);
// As every connection of a system (db.ts `openSqlite`): a busy writer is waited for, not failed.
sqlite.pragma("busy_timeout = 5000");
sqlite.pragma("synchronous = NORMAL");
const db = drizzle(sqlite);

const spanRequests = new Map<number, (headers: Map<string, string>) => void>();
let spanRequestId = 0;

const relay = new Relay({
  system,
  db,
  userId,
  // fsyncs the WAL file the main thread's commits went to: any descriptor of a file syncs all of it.
  durable: durableCommits(db),
  log,
  // While the broker blocks publishing (resource alarm) the relay holds back: what it sent would
  // only queue up in the socket and time out; the outbox keeps it, and the sweep resumes by itself.
  channel: () => (link.blocked ? null : (link.session?.publish ?? null)),
  onFailingPublishes: () => link.recycle("every publish failed for 3 s"),
  node: () => link.node,
  tracing: {
    start: (rows, node) =>
      new Promise((resolve) => {
        const id = ++spanRequestId;
        spanRequests.set(id, resolve);
        post({ kind: "spans", id, rows, node });
      }),
    end: (outcomes) => post({ kind: "ended", outcomes }),
  },
});

const link = new BrokerLink({
  url: amqpUrl,
  name: `${system} relay (pid ${process.pid})`,
  log,
  async onUp(session) {
    session.publish.on("return", (message) => relay.onReturn(message));
    // The main thread's connection declares the rest of the system's topology.
    await session.publish.assertExchange(exchangeOf(system), "topic", { durable: true });
    // After onUp the link holds the session: from then on the relay can publish.
    setImmediate(() => {
      post({ kind: "broker", up: link.session !== null });
      relay.wake();
    });
  },
  onDown: () => post({ kind: "broker", up: false }),
});

const wakeFlag = new Int32Array(wake);
/** `Atomics.waitAsync` (Node ≥ 16), typed only from ES2024 on, past the suite's `lib`. */
const waitAsync = (
  Atomics as unknown as {
    waitAsync(
      array: Int32Array,
      index: number,
      value: number,
    ):
      | { async: false; value: "not-equal" | "timed-out" }
      | { async: true; value: Promise<"ok" | "timed-out"> };
  }
).waitAsync;
/** Waits for the main thread's next wake-up (the flag set to 1), clears it and wakes the relay. */
function listenForWakes(): void {
  const woken = () => {
    Atomics.store(wakeFlag, 0, 0);
    relay.wake();
    listenForWakes();
  };
  const waiting = waitAsync(wakeFlag, 0, 0);
  if (waiting.async) void waiting.value.then(woken);
  else woken();
}

let reported = 0;
let reportedBlocked: string | null = null;
const report = () => {
  // The broker tells a connection of an alarm once it publishes: the relay's, not the main thread's.
  if (link.blocked !== reportedBlocked) {
    reportedBlocked = link.blocked;
    post({ kind: "blocked", reason: reportedBlocked });
  }
  if (relay.published === reported) return;
  reported = relay.published;
  post({ kind: "published", total: reported });
};

// Picks up rows written by other processes (a seed script, a standby instance) and rows to resend.
const sweep = setInterval(() => void relay.flush(), SWEEP_MS);
const reporting = setInterval(report, REPORT_EVERY_MS);
const prune = setInterval(() => {
  try {
    relay.prune();
  } catch (error) {
    log(`outbox prune: ${(error as Error).message}`);
  }
}, PRUNE_EVERY_MS);

async function stop() {
  clearInterval(sweep);
  clearInterval(prune);
  // Publishes what the outbox holds now, waits for the confirms, marks them, then closes.
  await relay.finish();
  await link.stop();
  for (const resolve of spanRequests.values()) resolve(new Map());
  clearInterval(reporting);
  report();
  sqlite.close();
  // The port stays open: closing it could drop this message, and the main thread ends the thread.
  post({ kind: "stopped" });
}

port.on("message", (message: ToRelay) => {
  if (message.kind === "spans") {
    spanRequests.get(message.id)?.(new Map(message.headers));
    spanRequests.delete(message.id);
  } else if (message.kind === "stop")
    void stop().catch((error: Error) => {
      log(`relay: stopping: ${error.message}`);
      post({ kind: "stopped" });
    });
});

// Loaded (from source through tsx, this takes seconds on a busy machine): a stop from now on is
// answered; before, the main thread ends the thread as it is (nothing connected, nothing sent).
post({ kind: "loaded" });
link.start();
listenForWakes();
