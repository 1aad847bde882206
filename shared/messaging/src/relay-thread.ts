/**
 * The main thread's side of the relay (decision 0024): starts the relay's worker thread
 * (relay-worker.ts), wakes it after commits, keeps the publish spans of traced rows (the process's
 * tracer lives on this thread), counts what it published, and stops it gracefully. A worker that
 * dies (an uncaught error) is started again; the outbox keeps what it had not published.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { Span } from "@opentelemetry/api";
import type { SystemName } from "@scs/contracts/events";
import { exchangeOf } from "@scs/contracts/topology";
import { count, isNull, min } from "drizzle-orm";
import type { Db } from "./db";
import type { FromRelay, RelayWorkerData, ToRelay } from "./relay-worker";
import { outbox } from "./tables";
import { endSpans, startPublishSpan, traceparentOf } from "./tracing";

export interface RelayThreadOptions {
  system: SystemName;
  db: Db;
  amqpUrl: string;
  userId: string;
  log: (line: string) => void;
}

/** How long a graceful stop waits for the relay's thread (publish, confirms) before ending it. */
const STOP_LIMIT_MS = 6_000;
/** How long a worker that died waits before it is started again. */
const RESTART_DELAY_MS = 1_000;

/** The database file of a system's connection: the relay's thread opens it again. */
export function databaseFileOf(db: Db): string {
  const client = (db as unknown as { $client?: { name?: string; memory?: boolean } }).$client;
  const file = client?.name;
  if (!file || client?.memory || file === ":memory:")
    throw new Error("the relay runs in a thread of its own and needs the database as a file, not :memory:");
  return file;
}

/** Events not yet published, and the creation time of the oldest (/ops, metrics). */
export function outboxBacklog(db: Db): { count: number; oldestCreatedAt: number | null } {
  const row = db
    .select({ count: count(), oldest: min(outbox.createdAt) })
    .from(outbox)
    .where(isNull(outbox.publishedAt))
    .get();
  return { count: row?.count ?? 0, oldestCreatedAt: row?.oldest ?? null };
}

export class RelayThread {
  private worker: Worker | null = null;
  /** Shared with the relay's thread: set to 1 after a commit (relay-worker.ts `wake`). */
  private readonly wakeFlag: Int32Array;
  private stopping = false;
  /** Whether the current worker has loaded (its `loaded` message): it answers a stop. */
  private loaded = false;
  private restartTimer: NodeJS.Timeout | null = null;
  /** Published by workers that have ended; plus the current one's count. */
  private publishedBefore = 0;
  private publishedNow = 0;
  /** Publish spans begun for the relay's thread, by event id, until it reports their outcome. */
  private readonly spans = new Map<string, Span>();
  private stopped: Promise<void> | null = null;
  private readonly data: RelayWorkerData;

  constructor(private readonly options: RelayThreadOptions) {
    const { system, db, amqpUrl, userId } = options;
    const wake = new SharedArrayBuffer(4);
    this.wakeFlag = new Int32Array(wake);
    this.data = { system, file: databaseFileOf(db), amqpUrl, userId, wake };
  }

  /** Why the broker blocks the relay's connection (memory or disk alarm), or null. */
  blocked: string | null = null;
  /** Whether the relay's thread has its broker connection: it can publish. */
  connected = false;

  /** Rows the broker confirmed since this relay started. */
  get published(): number {
    return this.publishedBefore + this.publishedNow;
  }

  start(): void {
    if (this.worker || this.stopping) return;
    const worker = spawnRelayWorker(this.data);
    this.worker = worker;
    worker.on("message", (message: FromRelay) => this.onMessage(message));
    worker.on("error", (error) => this.options.log(`relay thread failed: ${error.message}`));
    worker.on("exit", (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.loaded = false;
      this.blocked = null;
      this.connected = false;
      this.publishedBefore += this.publishedNow;
      this.publishedNow = 0;
      this.endOpenSpans("the relay's thread ended");
      if (this.stopping) return;
      this.options.log(`relay thread exited (code ${code}); starting it again`);
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.start();
      }, RESTART_DELAY_MS);
      this.restartTimer.unref();
    });
  }

  /**
   * Wakes the relay after a commit: sets the shared flag and notifies the relay's thread, unless
   * it is set already (the relay has not yet taken the last wake-up). Costs no message and works
   * while this thread stays busy.
   */
  wake(): void {
    if (Atomics.compareExchange(this.wakeFlag, 0, 0, 1) === 0) Atomics.notify(this.wakeFlag, 0);
  }

  /**
   * Publishes what the outbox holds, waits for the confirms and ends the thread; past
   * `STOP_LIMIT_MS` the thread is ended as it is (what it had not marked is published again).
   */
  stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.stopped ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
      if (!this.loaded) {
        // Still loading its modules: it has no connection and has sent nothing, and would hear
        // the stop only once loaded (seconds, from source on a busy machine).
        await worker.terminate();
        return exited;
      }
      const stoppedCleanly = new Promise<boolean>((resolve) => {
        worker.on("message", (message: FromRelay) => message.kind === "stopped" && resolve(true));
        setTimeout(() => resolve(false), STOP_LIMIT_MS).unref();
        void exited.then(() => resolve(false));
      });
      this.send({ kind: "stop" });
      if (!(await stoppedCleanly)) this.options.log("relay thread did not stop in time; ended");
      await worker.terminate();
      await exited;
    })();
    return this.stopped;
  }

  private send(message: ToRelay): void {
    this.worker?.postMessage(message);
  }

  private onMessage(message: FromRelay): void {
    switch (message.kind) {
      case "log":
        this.options.log(message.line);
        break;
      case "published":
        this.publishedNow = message.total;
        break;
      case "blocked":
        this.blocked = message.reason;
        break;
      case "broker":
        this.connected = message.up;
        break;
      case "spans":
        this.send({ kind: "spans", id: message.id, headers: this.startSpans(message.rows, message.node) });
        break;
      case "ended":
        for (const { eventId, error } of message.outcomes) {
          endSpans([this.spans.get(eventId)], error ? new Error(error) : undefined);
          this.spans.delete(eventId);
        }
        break;
      case "loaded":
        this.loaded = true;
        break;
      case "stopped":
        break;
    }
  }

  /** A PRODUCER span per row, child of the change that recorded it; returns their contexts. */
  private startSpans(
    rows: { eventId: string; type: string; traceparent: string }[],
    node: string | null,
  ): [string, string][] {
    const exchange = exchangeOf(this.options.system);
    const headers: [string, string][] = [];
    for (const row of rows) {
      const span = startPublishSpan(row.traceparent, row.type, {
        "messaging.system": "rabbitmq",
        "messaging.destination.name": exchange,
        "messaging.rabbitmq.destination.routing_key": row.type,
        "messaging.message.id": row.eventId,
        "cloudevents.event_id": row.eventId,
        "cloudevents.event_type": row.type,
        ...(node ? { "server.address": node } : {}),
      });
      this.spans.set(row.eventId, span);
      headers.push([row.eventId, traceparentOf(span) ?? row.traceparent]);
    }
    return headers;
  }

  private endOpenSpans(reason: string): void {
    for (const span of this.spans.values()) endSpans([span], new Error(reason));
    this.spans.clear();
  }
}

/**
 * The relay's worker. In a Next.js server (`NEXT_RUNTIME` is set) the build bundled relay-worker.ts
 * as a worker chunk: the `new Worker(new URL(…, import.meta.url))` form is what it recognises. Run
 * from source (tsx, vitest), Node 20 cannot load TypeScript in a fresh thread by itself, and
 * through tsx's loader every module of the thread (drizzle's hundred and more) went through tsx's
 * hooks: 1-2 s of CPU at each start, on the thread that should already be publishing (T1, T4).
 * So the thread's own TypeScript is bundled into one file, as the build does, and Node loads its
 * packages itself.
 */
function spawnRelayWorker(data: RelayWorkerData): Worker {
  if (process.env.NEXT_RUNTIME)
    return new Worker(new URL("./relay-worker.ts", import.meta.url), { workerData: data });
  return new Worker(relayWorkerBundle(), { workerData: data, execArgv: withoutLoaders(process.execArgv) });
}

let bundle: string | null = null;

/**
 * relay-worker.ts and the workspace's TypeScript it imports as one ES module, built once per
 * process (esbuild, tens of milliseconds). The messaging package's dependencies stay imports:
 * the file is written under the package's node_modules, from where Node resolves them as it
 * does for the sources. Named by its content, so that processes building at once write the same
 * bytes to the same name.
 */
export function relayWorkerBundle(): string {
  if (bundle) return bundle;
  // Never reached in a Next.js server, whose bundler must not follow it to esbuild (nor see a
  // `new URL(…, import.meta.url)` it would take for an asset).
  const load = process.getBuiltinModule("node:module").createRequire(import.meta.url);
  const { buildSync } = load("esbuild") as typeof import("esbuild");
  const source = fileURLToPath(import.meta.url);
  const packageDir = path.dirname(path.dirname(source));
  const manifest = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
  };
  const built = buildSync({
    entryPoints: [source.replace(/relay-thread\.ts$/, "relay-worker.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    external: Object.keys(manifest.dependencies).filter((name) => !name.startsWith("@scs/")),
    logLevel: "error",
  });
  const code = built.outputFiles[0]?.contents;
  if (!code) throw new Error("esbuild wrote no relay worker");
  const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
  const file = path.join(packageDir, "node_modules", ".cache", "relay-worker", `${hash}.mjs`);
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, code);
    renameSync(partial, file);
  }
  bundle = file;
  return file;
}

/** The process's Node options without its module loaders (tsx): the bundle needs none. */
function withoutLoaders(execArgv: string[]): string[] {
  const loaders = ["--import", "--require", "-r", "--loader", "--experimental-loader"];
  return execArgv.filter(
    (arg, i) =>
      !loaders.some((flag) => arg === flag || arg.startsWith(`${flag}=`)) &&
      !loaders.includes(execArgv[i - 1] ?? ""),
  );
}
