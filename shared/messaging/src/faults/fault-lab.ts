/**
 * The fault tests' laboratory: a private RabbitMQ of their own (so it can be killed, frozen and
 * cut off), two owners (catalog and music runtimes in this process, writing through their
 * outboxes) and a replica (store) in a child process that can be SIGKILLed. `oracle()` compares
 * what the owners committed with what the replica applied.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { systemAmqpUrls } from "@scs/suite/broker/credentials";
import { type PrivateBroker, startPrivateBroker } from "@scs/suite/broker/node";
import { provisionBroker } from "@scs/suite/broker/provision";
import { findFreePorts } from "@scs/suite/ports";
import { createTestDb, eventually } from "@scs/testing";
import Database from "better-sqlite3";
import type { Db } from "../db";
import { recordEvent, transact } from "../outbox";
import { createMessaging } from "../runtime";
import * as messagingTables from "../tables";
import { outbox } from "../tables";
import type { Messaging, MessagingStatus } from "../types";
import { modelTables } from "./model";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../../..");

export interface Oracle {
  committed: number;
  lost: number;
  duplicatedEffects: number;
  unexpected: number;
  mismatched: number;
}

export class FaultLab {
  broker!: PrivateBroker;
  proxy!: TcpProxy;
  owners = {} as Record<"catalog" | "music", { db: Db; messaging: Messaging }>;
  private replicaProcess: ChildProcess | null = null;
  /** The replica's last reported status, and the sum of redeliveries over all its lives. */
  replicaStatus: MessagingStatus | null = null;
  private redeliveredBefore = 0;
  private versions = new Map<string, number>();
  /** Events a test published straight to the broker (not through an outbox) that must be applied. */
  readonly published = new Set<string>();
  /** Copies the replica must hold for aggregates that have no owner row here (`published` events). */
  readonly expectedCopies = new Map<string, number>();
  readonly dir: string;
  private ports: number[] = [];

  constructor(name: string) {
    this.dir = path.join(root, ".test-data", `faults-${name}-${process.pid}`);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** The lab's log (owners, replica, faults), kept for a failed run: `.test-data/faults-…/lab.log`. */
  log(line: string): void {
    appendFileSync(path.join(this.dir, "lab.log"), `${new Date().toISOString()} ${line}\n`);
  }

  get redelivered(): number {
    return this.redeliveredBefore + (this.replicaStatus?.redelivered ?? 0);
  }

  private urlsVia(port: number) {
    return systemAmqpUrls({ credentials: this.broker.credentials, port });
  }

  /** The URLs the owners and the replica connect with: through the proxy (faults on the wire). */
  private get systemUrls() {
    return this.urlsVia(this.proxy.port);
  }

  async start(): Promise<void> {
    this.ports = await findFreePorts(4);
    await this.startBroker();
    await provisionBroker({
      managementUrl: this.broker.managementUrl,
      adminUser: this.broker.adminUser,
      adminPassword: this.broker.adminPassword,
      credentials: this.broker.credentials,
    });
    this.proxy = await startTcpProxy(this.broker.amqpPort);
    const urls = this.systemUrls;
    for (const system of ["catalog", "music"] as const) {
      const db = await createTestDb(
        { ...messagingTables, ...modelTables },
        path.join(this.dir, `${system}.sqlite`),
      );
      const messaging = createMessaging({
        system,
        amqpUrl: urls[system],
        db,
        subscriptions: {},
        log: (line) => this.log(`[${system}] ${line}`),
      });
      this.owners[system] = { db, messaging };
    }
    this.startReplica();
    await eventually(
      () =>
        this.replicaStatus?.consumer === "consuming" &&
        this.owners.catalog.messaging.status().broker === "up",
      60_000,
      "owners and replica connected",
    );
  }

  private async startBroker() {
    const [amqpPort, managementPort, distPort, epmdPort] = this.ports;
    this.broker = await startPrivateBroker({
      baseDir: path.join(this.dir, "rabbitmq"),
      amqpPort,
      managementPort,
      distPort,
      epmdPort,
      log: () => {},
    });
  }

  /** Calls the broker's management HTTP API as its administrator. */
  async management(method: string, apiPath: string, body?: unknown): Promise<unknown> {
    const { managementUrl, adminUser, adminPassword } = this.broker;
    const response = await fetch(`${managementUrl.replace(/\/+$/, "")}/api${apiPath}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${adminUser}:${adminPassword}`).toString("base64")}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        "x-reason": "fault test",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`management ${method} ${apiPath} → ${response.status}: ${await response.text()}`);
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  }

  /**
   * rabbitmqctl against the lab's node; throws when it fails. Returns what it printed. Each call
   * boots an Erlang VM: at a load average of 16 (npm test's stages side by side) one took over
   * 30 s, so the limit is 90.
   */
  async ctl(...args: string[]): Promise<string> {
    const result = await this.broker.rabbitmqctl(args, 90_000);
    if (result.code !== 0)
      throw new Error(`rabbitmqctl ${args.join(" ")}: ${result.stderr || result.stdout}`);
    return result.stdout.trim();
  }

  /**
   * The broker closes the suite's connections of these users (management API, as an operator
   * would with "Force close"). Returns how many it closed.
   */
  async closeConnections(users: string[]): Promise<number> {
    const connections = (await this.management("GET", "/connections")) as { name: string; user: string }[];
    const chosen = connections.filter((c) => users.includes(c.user));
    for (const { name } of chosen) {
      this.log(`fault: broker closes connection ${name}`);
      await this.management("DELETE", `/connections/${encodeURIComponent(name)}`).catch(() => {});
    }
    return chosen.length;
  }

  /**
   * The broker raises a channel error (PRECONDITION_FAILED, "unknown delivery tag") on the channels
   * of `user` that match `kind`, and closes them, while their connection stays open: the method is
   * handed to each channel process inside the broker, as if the client had sent it.
   */
  async failChannels(user: string, kind: "publishing" | "consuming"): Promise<number> {
    const match =
      kind === "publishing"
        ? "proplists:get_value(confirm, I) =:= true"
        : "proplists:get_value(consumer_count, I) > 0";
    const expression = [
      "Chs = [P || P <- rabbit_channel:list_local(),",
      "begin I = rabbit_channel:info(P, [user, confirm, consumer_count]),",
      `proplists:get_value(user, I) =:= <<"${user}">> andalso ${match} end],`,
      "[rabbit_channel:do(P, {'basic.ack', 999999999, false}) || P <- Chs],",
      "length(Chs).",
    ].join(" ");
    const closed = Number(await this.ctl("eval", expression));
    this.log(`fault: channel error raised on ${closed} ${kind} channel(s) of ${user}`);
    return closed;
  }

  /** kill -9 of the whole broker (rabbitmq-server and its Erlang VM). */
  killBroker(): void {
    this.log("fault: kill -9 broker");
    process.kill(-this.broker.pid, "SIGKILL");
  }

  /** Starts the broker again on the same ports and data, as an operator would after a crash. */
  async restartBroker(): Promise<void> {
    await this.startBroker();
    this.log("fault: broker restarted");
  }

  freezeBroker(): void {
    process.kill(-this.broker.pid, "SIGSTOP");
  }

  thawBroker(): void {
    process.kill(-this.broker.pid, "SIGCONT");
  }

  startReplica(): void {
    // One process (node with tsx's loader, not the tsx wrapper), so that SIGKILL kills the replica itself.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(here, "replica-process.ts"), this.systemUrls.store, this.replicaFile],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines)
        if (line.startsWith("STATUS ")) this.replicaStatus = JSON.parse(line.slice(7)) as MessagingStatus;
    });
    child.stderr?.on("data", (chunk: Buffer) => this.log(chunk.toString().trimEnd()));
    this.replicaProcess = child;
  }

  /** SIGKILLs the replica mid-stream and starts it again on the same database. */
  async crashReplica(): Promise<void> {
    const child = this.replicaProcess;
    if (!child) return;
    this.redeliveredBefore += this.replicaStatus?.redelivered ?? 0;
    this.replicaStatus = null;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    this.startReplica();
  }

  get replicaFile(): string {
    return path.join(this.dir, "store.sqlite");
  }

  /** One change of an owner's aggregate: the row and its full-state event in one transaction. */
  write(system: "catalog" | "music", id: string): void {
    const key = `${system}:${id}`;
    const version = (this.versions.get(key) ?? 0) + 1;
    this.versions.set(key, version);
    const { db } = this.owners[system];
    transact(db, (tx) => {
      tx.insert(modelTables.items)
        .values({ id, version })
        .onConflictDoUpdate({ target: modelTables.items.id, set: { version } })
        .run();
      if (system === "catalog")
        recordEvent(
          tx,
          "catalog.product.upserted",
          id,
          {
            id,
            sku: id,
            title: `Item ${id}`,
            description: "",
            priceCents: version,
            currency: "EUR",
            category: "lab",
            stock: 1,
            image: "",
          },
          { aggregateVersion: version },
        );
      else
        recordEvent(
          tx,
          "music.album.upserted",
          id,
          {
            id,
            title: `Album ${id}`,
            artist: "Lab",
            priceCents: version,
            currency: "EUR",
            trackCount: 1,
            cover: "",
          },
          { aggregateVersion: version },
        );
    });
    this.owners[system].messaging.wake();
  }

  /** Waits until the replica has applied everything the owners committed, then counts the damage. */
  async oracle(timeoutMs = 120_000): Promise<Oracle> {
    const committed = new Set<string>();
    for (const { db } of Object.values(this.owners))
      for (const row of db.select({ id: outbox.eventId }).from(outbox).all()) committed.add(row.id);
    for (const id of this.published) committed.add(id);
    const replica = new Database(this.replicaFile, { readonly: true });
    const applied = () =>
      new Set(
        (replica.prepare("select event_id as id from inbox").all() as { id: string }[]).map((r) => r.id),
      );
    try {
      // Poll cheaply: this process also runs the owners, whose heartbeats must keep flowing.
      await eventually(
        () => {
          const inbox = applied();
          for (const id of committed) if (!inbox.has(id)) return false;
          return true;
        },
        timeoutMs,
        "the replica to apply every committed event",
      ).catch(() => undefined);
      const inbox = applied();
      const effects = replica
        .prepare("select count(*) as n, count(distinct event_id) as d from effects")
        .get() as {
        n: number;
        d: number;
      };
      const copies = new Map(
        (replica.prepare("select pk, version from copies").all() as { pk: string; version: number }[]).map(
          (r) => [r.pk, r.version],
        ),
      );
      let mismatched = 0;
      for (const [system, { db }] of Object.entries(this.owners))
        for (const item of db.select().from(modelTables.items).all())
          if (copies.get(`${system}:${item.id}`) !== item.version) mismatched++;
      for (const [pk, version] of this.expectedCopies) if (copies.get(pk) !== version) mismatched++;
      return {
        committed: committed.size,
        lost: [...committed].filter((id) => !inbox.has(id)).length,
        duplicatedEffects: effects.n - effects.d,
        unexpected: [...inbox].filter((id) => !committed.has(id)).length,
        mismatched,
      };
    } finally {
      replica.close();
    }
  }

  /** Dead letters the replica holds (what /ops would list), each with a reason. */
  deadLetterCount(): number {
    const replica = new Database(this.replicaFile, { readonly: true });
    try {
      return (
        replica.prepare("select count(*) as n from dead_letters where reason <> ''").get() as { n: number }
      ).n;
    } finally {
      replica.close();
    }
  }

  /** The replica's copy version of an item, read from its database. */
  copyVersion(source: string, id: string): number | undefined {
    const replica = new Database(this.replicaFile, { readonly: true });
    try {
      return (
        replica.prepare("select version from copies where pk = ?").get(`${source}:${id}`) as
          | { version: number }
          | undefined
      )?.version;
    } finally {
      replica.close();
    }
  }

  async stop(): Promise<void> {
    this.replicaProcess?.kill("SIGKILL");
    await Promise.all(Object.values(this.owners).map(({ messaging }) => messaging.stop()));
    await this.proxy?.close();
    await this.broker?.stop().catch(() => {});
    if (!process.env.FAULT_KEEP) rmSync(this.dir, { recursive: true, force: true });
  }
}
