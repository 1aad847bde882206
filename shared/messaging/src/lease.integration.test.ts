/**
 * Two instances of one system ("store") on one SQLite file and a real RabbitMQ (started by `npm
 * test`): only the lease holder relays and consumes; killed, it is replaced within the bound the
 * lease's timing gives; stopped cleanly, at once; never two at a time; no event lost or applied
 * twice (the fault lab's oracle: inbox against outbox, effects per event id); both instances'
 * outbox rows published.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deadLetterOf, inboxQueueOf } from "@scs/contracts/topology";
import { createTestDb, eventually, testBroker } from "@scs/testing";
import amqp from "amqplib";
import Database from "better-sqlite3";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Db } from "./db";
import { modelTables } from "./faults/model";
import { recordEvent, transact } from "./outbox";
import { createMessaging } from "./runtime";
import * as messagingTables from "./tables";
import { outbox } from "./tables";
import type { Messaging, MessagingStatus } from "./types";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");
const broker = testBroker();
/**
 * leased-instance.ts's timing: ttl 2 s, polled every 100 ms. The instances share this host, so a
 * killed holder is seen dead at the next look; the expiry (ttl + poll) bounds it anyway; plus 2 s
 * for timers late on a loaded machine.
 */
const TAKEOVER_BOUND_MS = 2_000 + 100 + 2_000;

interface Instance {
  name: string;
  child: ChildProcess;
  /** Every change of role, with its time (epoch ms, same clock: one host). */
  roles: { role: "active" | "standby"; at: number }[];
  stoppedAt: number | null;
  exitedAt: number | null;
  status: MessagingStatus | null;
}

const dir = mkdtempSync(path.join(root, ".test-data", "lease-"));
const file = path.join(dir, "store.sqlite");
const instances: Instance[] = [];
let catalogDb: Db;
let catalog: Messaging;
let shared: Database.Database;

function startInstance(name: string): Instance {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(here, "faults", "leased-instance.ts"), broker.store, file, name],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  const instance: Instance = { name, child, roles: [], stoppedAt: null, exitedAt: null, status: null };
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      const [kind, rest = ""] = [line.slice(0, line.indexOf(" ")), line.slice(line.indexOf(" ") + 1)];
      if (kind === "STATUS") instance.status = JSON.parse(rest) as MessagingStatus;
      if (kind === "ROLE") {
        const [role, at] = rest.split(" ");
        instance.roles.push({ role: role as "active" | "standby", at: Number(at) });
      }
      if (kind === "STOPPED") instance.stoppedAt = Number(rest);
    }
  });
  // Each instance's log, kept for a failed run.
  const log = createWriteStream(path.join(dir, `${name}.log`));
  child.stderr?.pipe(log);
  child.once("exit", () => {
    instance.exitedAt = Date.now();
  });
  instances.push(instance);
  return instance;
}

const activeSince = (i: Instance) => i.roles.find((r) => r.role === "active")?.at;

let written = 0;
/** Enough to span the handovers; bounded, so that a slow boot does not pile up a backlog. */
const MAX_PRODUCTS = 1_500;
function writeProduct() {
  if (written >= MAX_PRODUCTS) return;
  written++;
  const id = `p${written}`;
  transact(catalogDb, (tx) => {
    tx.insert(modelTables.items).values({ id, version: 1 }).run();
    recordEvent(
      tx,
      "catalog.product.upserted",
      id,
      {
        id,
        sku: id,
        title: id,
        description: "",
        priceCents: 100,
        currency: "EUR",
        category: "lease",
        stock: 1,
        image: "",
      },
      { aggregateVersion: 1 },
    );
  });
  catalog.wake();
}

beforeAll(async () => {
  const connection = await amqp.connect(broker.admin);
  const channel = await connection.createChannel();
  for (const system of ["store", "catalog"] as const) {
    await channel.deleteQueue(inboxQueueOf(system));
    await channel.deleteQueue(deadLetterOf(system));
  }
  await connection.close();
  await createTestDb({ ...messagingTables, ...modelTables }, file);
  shared = new Database(file, { readonly: true });
  catalogDb = await createTestDb({ ...messagingTables, ...modelTables });
  catalog = createMessaging({
    system: "catalog",
    amqpUrl: broker.catalog,
    db: catalogDb,
    // Bound to store's events, so that the instances' own rows have somewhere to go (the relay
    // keeps an unroutable event pending).
    subscriptions: { "store.customer.upserted": () => {} },
    log: () => {},
  });
});

afterAll(async () => {
  for (const { child } of instances) if (child.exitCode === null) child.kill("SIGKILL");
  await catalog?.stop();
  shared?.close();
});

it("runs relay and consumer in one instance at a time, replaced within the bound, with no event lost or applied twice", async () => {
  // Three instances from the start (each takes a while to boot on a busy machine): one is active.
  const started = ["a", "b", "c"].map(startInstance);
  await eventually(
    () =>
      started.every((i) => i.status) &&
      started.filter((i) => i.status?.consumer === "consuming").length === 1 &&
      started.filter((i) => i.status?.consumer === "standby").length === 2,
    180_000,
    "one instance active, two on standby",
  );
  const first = started.find((i) => activeSince(i)) as Instance;

  const load = setInterval(writeProduct, 10);
  try {
    // The others serve (write their own outbox rows) while the first holds the lease; it relays them.
    await eventually(() => first.status && first.status.consumed >= 50, 60_000, "the first applying");
    for (const other of started) if (other !== first) expect(other.roles).toEqual([]);

    // The holder is killed: another takes over (after the kill, never before), within the bound.
    const killedAt = Date.now();
    first.child.kill("SIGKILL");
    const second = await eventually(
      () => started.find((i) => i !== first && activeSince(i)),
      60_000,
      "takeover",
    );
    const takeoverMs = (activeSince(second) ?? 0) - killedAt;
    console.log(`takeover after kill -9: ${takeoverMs} ms (bound ${TAKEOVER_BOUND_MS} ms)`);
    expect(takeoverMs).toBeGreaterThanOrEqual(0);
    expect(takeoverMs).toBeLessThan(TAKEOVER_BOUND_MS);

    // A clean stop hands over at once: the third takes over after the second has stopped, not before.
    const third = started.find((i) => i !== first && i !== second) as Instance;
    await eventually(() => second.status && second.status.consumed >= 50, 60_000, "the second applying");
    expect(third.roles).toEqual([]);
    second.child.kill("SIGTERM");
    await eventually(() => activeSince(third), 60_000, "the third active");
    const stoppedAt = await eventually(() => second.stoppedAt, 30_000, "the second stopped");
    const handoverMs = (activeSince(third) ?? 0) - stoppedAt;
    console.log(`handover after a clean stop: ${handoverMs} ms`);
    expect(handoverMs).toBeGreaterThanOrEqual(0);
    expect(handoverMs).toBeLessThan(1_000);
    await eventually(() => third.status && third.status.consumed >= 50, 60_000, "the third applying");
  } finally {
    clearInterval(load);
  }

  // Each instance was active once, and no two active spans overlap.
  for (const i of instances) expect(i.roles.filter((r) => r.role === "active").length).toBe(1);

  // The oracle: every committed product applied once; every instance's own events published.
  const committed = catalogDb
    .select({ id: outbox.eventId })
    .from(outbox)
    .all()
    .map((r) => r.id);
  const inbox = () =>
    new Set((shared.prepare("select event_id as id from inbox").all() as { id: string }[]).map((r) => r.id));
  await eventually(() => committed.every((id) => inbox().has(id)), 120_000, "every product applied").catch(
    (error: Error) => {
      const seen = inbox();
      throw new Error(
        `${error.message}: ${committed.filter((id) => !seen.has(id)).length} of ${committed.length} missing; c: ${JSON.stringify(instances.at(-1)?.status)}`,
      );
    },
  );
  const effects = shared
    .prepare("select count(*) as n, count(distinct event_id) as d from effects")
    .get() as {
    n: number;
    d: number;
  };
  expect(committed.length).toBe(written);
  expect(effects.d).toBe(written);
  expect(effects.n - effects.d).toBe(0);
  const pending = () =>
    (shared.prepare("select count(*) as n from outbox where published_at is null").get() as { n: number }).n;
  await eventually(() => pending() === 0, 120_000, "every instance's outbox rows published");
  const bySource = shared
    .prepare(
      "select substr(json_extract(body, '$.subject'), 1, 1) as who, count(*) as n from outbox group by who",
    )
    .all() as { who: string; n: number }[];
  expect(bySource.map((r) => r.who).sort()).toEqual(["a", "b", "c"]);
}, 600_000);
