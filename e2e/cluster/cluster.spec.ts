/**
 * The built suite on a 3-node RabbitMQ cluster (issue 11), no browser: a suite of its own whose
 * systems know every node. During 3,000 catalog writes (price changes over catalog's API) and 200
 * orders (store's API; catalog reserves stock, store confirms or rejects, music grants albums):
 * 1. kill -9 of the node leading store's queue (and catalog's, when it is the same node), then its
 *    restart;
 * 2. two nodes stopped for 20 s, so that the quorum queues lose their quorum, then restarted.
 * The oracle reads the three SQLite files at the end: every order confirmed or rejected; stock =
 * initial − confirmed and never below 0; one reservation per confirmed order and a release for every
 * reservation of a rejected one; music grants exactly the albums of confirmed orders; every event an
 * owner committed applied by its consumers (0 lost); store's offers equal catalog's products.
 * Prints the failover time (kill → first event committed after the kill applied by the other side).
 */
import { expect, test } from "@playwright/test";
import { type E2ESuite, startE2ESuite } from "@scs/suite/e2e";
import Database from "better-sqlite3";

type Line = { source: "catalog" | "music"; itemId: string; quantity: number };
type Product = { id: string; stock: number; version: number };
interface Placed {
  id: string;
  lines: Line[];
}

const pace = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small seeded generator, so that a failing mix of orders can be told apart in the log. */
function randomFrom(seed: number) {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * n;
  };
}

let suite: E2ESuite;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const started = Date.now();
  suite = await startE2ESuite({ brokerNodes: 3, log: (line) => console.log(`[cluster] ${line}`) });
  console.log(`[cluster] cluster and suite up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test.afterAll(async () => {
  test.setTimeout(120_000);
  const started = Date.now();
  await suite?.stop();
  console.log(`[cluster] stopped in ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** A JSON request to one of the systems; throws on any status but `expected`. */
async function call<T>(
  url: string,
  init: { method?: string; token?: string; body?: unknown },
  expected: number,
) {
  const response = await fetch(url, {
    method: init.method ?? "GET",
    headers: {
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  if (response.status !== expected)
    throw new Error(`${init.method ?? "GET"} ${url}: ${response.status} (expected ${expected}) ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

const tokenOf = async (email: string, password: string) =>
  (
    await call<{ token: string }>(
      `${suite.urls.store}/api/session`,
      { method: "POST", body: { email, password } },
      200,
    )
  ).token;

/** A quorum queue as the management API of any node that answers sees it. */
async function queueInfo(queue: string): Promise<{ leader?: string; members?: string[]; online?: string[] }> {
  const cluster = suite.cluster;
  if (!cluster) throw new Error("not a cluster");
  const authorization = `Basic ${Buffer.from(`${cluster.adminUser}:${cluster.adminPassword}`).toString("base64")}`;
  let lastError = "";
  for (const node of cluster.nodes) {
    try {
      const response = await fetch(`${node.managementUrl}/api/queues/scs/${encodeURIComponent(queue)}`, {
        headers: { authorization },
        signal: AbortSignal.timeout(2_000),
      });
      if (response.ok)
        return (await response.json()) as { leader?: string; members?: string[]; online?: string[] };
      lastError = `${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
  }
  throw new Error(`no node answered for ${queue}: ${lastError}`);
}

async function leaderOf(queue: string): Promise<number> {
  const { leader } = await queueInfo(queue);
  const index = suite.cluster?.nodes.findIndex((node) => node.nodeName === leader) ?? -1;
  if (index < 0) throw new Error(`no leader known for ${queue} (${leader})`);
  return index;
}

/**
 * Moves the leadership of `queue` to node `target` (ra's leader transfer, through rabbitmqctl eval on
 * a node that is up): so that one node leads both store's and catalog's queue before it is killed.
 */
async function moveLeader(queue: string, target: number) {
  const cluster = suite.cluster;
  const node = cluster?.nodes[target];
  if (!cluster || !node) throw new Error(`no node ${target}`);
  const expression = [
    `{ok, Q} = rabbit_amqqueue:lookup(rabbit_misc:r(<<"scs">>, queue, <<"${queue}">>)),`,
    "{Name, _} = Leader = amqqueue:get_pid(Q),",
    `ra:transfer_leadership(Leader, {Name, '${node.nodeName}'}).`,
  ].join(" ");
  // An Erlang VM of its own: over 30 s to answer at the load average of npm test's stages side by side.
  const result = await node.rabbitmqctl(["eval", expression], 90_000);
  if (result.code !== 0) throw new Error(`leader transfer of ${queue}: ${result.stderr || result.stdout}`);
  await until(async () => (await leaderOf(queue)) === target, 15_000, `${queue} led from node ${target + 1}`);
}

/** Reads one system's SQLite file (read-only, beside the running system: WAL). */
function readDb<T>(system: "catalog" | "music" | "store", read: (db: Database.Database) => T): T {
  const db = new Database(`${suite.dataDir}/${system}.sqlite`, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/**
 * Seconds from `since` until `to` applied the first event `from` committed after it (outbox
 * created_at → inbox applied_at), or undefined while none is applied yet.
 */
function firstAppliedAfter(
  since: number,
  from: "catalog" | "store",
  to: "catalog" | "store",
): number | undefined {
  const committed = readDb(from, (db) =>
    db.prepare("select event_id as id from outbox where created_at >= ?").all(since),
  ) as { id: string }[];
  if (committed.length === 0) return undefined;
  const ids = new Set(committed.map((row) => row.id));
  const applied = readDb(to, (db) =>
    db.prepare("select event_id as id, applied_at as at from inbox where applied_at >= ?").all(since),
  ) as { id: string; at: number }[];
  const times = applied.filter((row) => ids.has(row.id)).map((row) => row.at);
  return times.length ? (Math.min(...times) - since) / 1000 : undefined;
}

async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs: number,
  what: string,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await pace(200);
  }
}

test("3,000 writes and 200 orders while the leading node is killed and two nodes stop for 20 s: nothing lost, no duplicate effect, stock conserved, replicas equal", async () => {
  test.setTimeout(420_000);
  const cluster = suite.cluster;
  if (!cluster) throw new Error("the suite has no cluster");
  for (const queue of ["store.inbox", "catalog.inbox", "music.inbox"])
    await until(async () => (await queueInfo(queue)).members?.length === 3, 30_000, `${queue} on 3 nodes`);

  const seed = Date.now();
  const random = randomFrom(seed);
  const admin = await tokenOf(suite.adminEmail, suite.adminPassword);
  const customer = await tokenOf(suite.customer.email, suite.customer.password);
  const newProduct = (stock: number, n: number) =>
    call<Product>(
      `${suite.urls.catalog}/api/products`,
      {
        method: "POST",
        token: admin,
        body: {
          sku: `CLUSTER-${seed}-${n}`,
          title: `Cluster Mug ${n}`,
          description: "A product of the cluster journey.",
          priceCents: 1200,
          category: "home-kitchen",
          stock,
        },
      },
      201,
    );
  // Eight products of 95 the orders reserve from (as in order-saga-faults.spec.ts: about 56 units of
  // each are asked for, one order in ten asks for more than there ever is), and 20 the writes change.
  const STOCK = 95;
  const stocked: Product[] = [];
  for (let i = 0; i < 8; i++) stocked.push(await newProduct(STOCK, i));
  const written: Product[] = [];
  for (let i = 0; i < 20; i++) written.push(await newProduct(10, 100 + i));
  const listed = await call<{ items?: { id: string }[] } | { id: string }[]>(
    `${suite.urls.music}/api/albums`,
    {},
    200,
  );
  const albums = (Array.isArray(listed) ? listed : (listed.items ?? [])).slice(0, 3);
  expect(albums.length, "music's seeded albums").toBeGreaterThan(0);
  const wanted = [...stocked.map((p) => ["catalog", p.id]), ...albums.map((a) => ["music", a.id])];
  await until(
    () =>
      readDb("store", (db) => {
        const offered = new Set(
          (db.prepare("select source || ':' || item_id as key from offers").all() as { key: string }[]).map(
            (row) => row.key,
          ),
        );
        return wanted.every(([source, id]) => offered.has(`${source}:${id}`));
      }),
    30_000,
    "store offering the journey's products and albums",
  );
  const customerId = readDb(
    "store",
    (db) => db.prepare("select id from accounts where email = ?").get(suite.customer.email) as { id: string },
  ).id;
  const grantsBefore = new Set(
    readDb("music", (db) =>
      db.prepare("select album_id as id from library_grants where customer_id = ?").all(customerId),
    ).map((row) => (row as { id: string }).id),
  );

  const orderLines = Array.from({ length: 200 }, (): Line[] => {
    const first = Math.floor(random(stocked.length));
    const second = (first + 1 + Math.floor(random(stocked.length - 1))) % stocked.length;
    const chosen = random(1) < 0.5 ? [first] : [first, second];
    const greedy = random(1) < 0.1;
    const lines: Line[] = chosen.map((i, position) => ({
      source: "catalog",
      itemId: stocked[i]?.id ?? "",
      quantity: greedy && position === 0 ? STOCK + 1 + Math.floor(random(4)) : 1 + Math.floor(random(2)),
    }));
    const album = albums[Math.floor(random(albums.length * 4))];
    if (album) lines.push({ source: "music", itemId: album.id, quantity: 1 });
    return lines;
  });

  // One node leads both store's and catalog's queue: the node the fault kills.
  const leader = await leaderOf("store.inbox");
  if ((await leaderOf("catalog.inbox")) !== leader) await moveLeader("catalog.inbox", leader);

  // Writes and orders spread over about 60 s, in steps (10 writes and one order at a time).
  const placed: Placed[] = [];
  let writes = 0;
  const traffic = (async () => {
    const steps = 200;
    const started = Date.now();
    for (let step = 0; step < steps; step++) {
      const lines = orderLines[step] ?? [];
      await Promise.all([
        call<{ id: string }>(
          `${suite.urls.store}/api/orders`,
          { method: "POST", token: customer, body: { lines } },
          201,
        ).then(({ id }) => placed.push({ id, lines })),
        ...Array.from({ length: 15 }, async (_, j) => {
          const product = written[(step * 15 + j) % written.length];
          await call(
            `${suite.urls.catalog}/api/products/${product?.id}`,
            { method: "PATCH", token: admin, body: { priceCents: 1000 + ((step * 15 + j) % 997) } },
            200,
          );
          writes++;
        }),
      ]);
      await pace(Math.max(0, started + ((step + 1) * 60_000) / steps - Date.now()));
    }
  })();

  // 1. kill -9 of the node leading store's and catalog's queues, a few seconds into the traffic.
  await pace(5_000);
  const catalogLeader = await leaderOf("catalog.inbox");
  expect(await leaderOf("store.inbox"), "store's queue led from the node to kill").toBe(leader);
  expect(catalogLeader, "catalog's queue led from the node to kill").toBe(leader);
  const killedAt = Date.now();
  process.kill(-(cluster.nodes[leader]?.pid ?? 0), "SIGKILL");
  const [toStore, toCatalog] = await Promise.all([
    until(
      () => firstAppliedAfter(killedAt, "catalog", "store"),
      60_000,
      "store applying catalog's events again",
    ),
    until(
      () => firstAppliedAfter(killedAt, "store", "catalog"),
      60_000,
      "catalog applying store's events again",
    ),
  ]);
  const failover = Math.max(toStore, toCatalog);
  console.log(
    `cluster failover (real suite): kill -9 of node ${leader + 1} (leader of store.inbox and catalog.inbox) → first event committed after the kill applied ${toStore.toFixed(2)} s later by store (catalog → store), ${toCatalog.toFixed(2)} s by catalog (store → catalog)`,
  );
  await cluster.restartNode(leader);
  await until(
    async () => (await queueInfo("store.inbox")).online?.length === 3,
    60_000,
    "the killed node back in store's queue",
  );

  // 2. Two nodes stop for 20 s: the queues lose their quorum; writes and orders keep landing in the outboxes.
  const second = await leaderOf("store.inbox");
  const third = [0, 1, 2].find((i) => i !== second && i !== leader) ?? (second + 1) % 3;
  const stoppedAt = Date.now();
  await Promise.all([cluster.nodes[second]?.stop(), cluster.nodes[third]?.stop()]);
  await pace(Math.max(0, 20_000 - (Date.now() - stoppedAt)));
  const restartedAt = Date.now();
  await Promise.all([cluster.restartNode(second), cluster.restartNode(third)]);
  const recovery = await until(
    () => firstAppliedAfter(restartedAt, "catalog", "store"),
    120_000,
    "store applying catalog's events after the quorum came back",
  );
  console.log(
    `cluster quorum loss (real suite): nodes ${second + 1} and ${third + 1} stopped for ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s → first event committed after their restart began applied ${recovery.toFixed(2)} s later`,
  );

  await traffic;
  expect(placed).toHaveLength(200);
  expect(writes).toBe(3000);

  // Every order confirmed or rejected (store's file).
  const ids = placed.map((o) => o.id);
  const statusOf = () =>
    new Map(
      readDb("store", (db) =>
        db.prepare(`select id, status from orders where id in (${ids.map(() => "?").join(",")})`).all(...ids),
      ).map((row) => [(row as { id: string }).id, (row as { status: string }).status]),
    );
  const statuses = await until(
    () => {
      const now = statusOf();
      return [...now.values()].every((s) => s !== "pending") && now.size === ids.length ? now : undefined;
    },
    120_000,
    "every order confirmed or rejected",
  );
  const confirmed = placed.filter((o) => statuses.get(o.id) === "confirmed");

  // 0 lost: every event an owner committed for another system applied by it.
  const lostEvents = () => {
    const applied = (system: "catalog" | "music" | "store") =>
      new Set(
        readDb(system, (db) => db.prepare("select event_id as id from inbox").all()).map(
          (row) => (row as { id: string }).id,
        ),
      );
    const committed = (system: "catalog" | "store", types: string[]) =>
      readDb(system, (db) =>
        db
          .prepare(`select event_id as id from outbox where type in (${types.map(() => "?").join(",")})`)
          .all(...types),
      ).map((row) => (row as { id: string }).id);
    const inStore = applied("store");
    const inCatalog = applied("catalog");
    const inMusic = applied("music");
    return (
      committed("catalog", [
        "catalog.product.upserted",
        "catalog.stock.reserved",
        "catalog.stock.rejected",
      ]).filter((id) => !inStore.has(id)).length +
      committed("store", ["store.order.placed", "store.order.rejected"]).filter((id) => !inCatalog.has(id))
        .length +
      committed("store", ["store.order.confirmed"]).filter((id) => !inMusic.has(id)).length
    );
  };
  // Replicas equal owners: store's copy of every product of this journey is catalog's row.
  const mismatchedCopies = () => {
    const products = readDb("catalog", (db) =>
      db
        .prepare("select id, price_cents as price, stock, version from products where sku like ?")
        .all(`CLUSTER-${seed}-%`),
    ) as { id: string; price: number; stock: number; version: number }[];
    const offers = new Map(
      (
        readDb("store", (db) =>
          db
            .prepare(
              "select item_id as id, price_cents as price, stock, version from offers where source = 'catalog'",
            )
            .all(),
        ) as { id: string; price: number; stock: number; version: number }[]
      ).map((o) => [o.id, o]),
    );
    return products.filter((p) => {
      const o = offers.get(p.id);
      return !o || o.price !== p.price || o.stock !== p.stock || o.version !== p.version;
    }).length;
  };
  let lost = -1;
  let mismatched = -1;
  await until(
    () => {
      lost = lostEvents();
      mismatched = mismatchedCopies();
      return lost === 0 && mismatched === 0;
    },
    60_000,
    "every committed event applied and store's copies equal to catalog's products",
  ).catch(() => undefined);

  // The saga: catalog's stock, its ledger and its answers against store's outcomes.
  const stockProblems: string[] = [];
  const duplicateEffects: string[] = [];
  const outcomeProblems: string[] = [];
  readDb("catalog", (db) => {
    for (const product of stocked) {
      const quantity = confirmed
        .flatMap((o) => o.lines)
        .filter((l) => l.itemId === product.id)
        .reduce((sum, l) => sum + l.quantity, 0);
      const row = db.prepare("select stock from products where id = ?").get(product.id) as { stock: number };
      if (row.stock !== STOCK - quantity)
        stockProblems.push(`${product.id}: stock ${row.stock}, expected ${STOCK} − ${quantity}`);
      const negative = db
        .prepare("select count(*) as n from stock_movements where product_id = ? and stock_after < 0")
        .get(product.id) as { n: number };
      if (negative.n > 0) stockProblems.push(`${product.id}: oversold (${negative.n} movements below 0)`);
    }
    const movement = db.prepare(
      "select kind, count(*) as n, sum(delta) as delta from stock_movements where order_id = ? and product_id = ? group by kind",
    );
    const reservation = db.prepare(
      "select outcome, released_at as releasedAt from order_reservations where order_id = ?",
    );
    for (const order of placed) {
      const status = statuses.get(order.id);
      const answer = reservation.get(order.id) as { outcome: string; releasedAt: number | null } | undefined;
      const kept = answer?.outcome === "reserved" && answer.releasedAt === null;
      if ((status === "confirmed") !== kept)
        outcomeProblems.push(`${status} order ${order.id}: catalog ${JSON.stringify(answer)}`);
      for (const line of order.lines.filter((l) => l.source === "catalog")) {
        const kinds = new Map(
          (movement.all(order.id, line.itemId) as { kind: string; n: number; delta: number }[]).map((m) => [
            m.kind,
            m,
          ]),
        );
        const reserved = kinds.get("order");
        const released = kinds.get("release");
        if ((reserved?.n ?? 0) > 1 || (released?.n ?? 0) > 1)
          duplicateEffects.push(
            `order ${order.id} on ${line.itemId}: ${JSON.stringify([...kinds.values()])}`,
          );
        const ok =
          status === "confirmed"
            ? reserved?.delta === -line.quantity && !released
            : reserved
              ? reserved.delta === -line.quantity && released?.delta === line.quantity
              : !released;
        if (!ok)
          outcomeProblems.push(
            `${status} order ${order.id} on ${line.itemId}: ${JSON.stringify([...kinds.values()])}`,
          );
      }
    }
  });
  // music grants exactly the albums of confirmed orders (one row per customer and album, by design).
  const grantedNow = new Set(
    readDb("music", (db) =>
      db.prepare("select album_id as id from library_grants where customer_id = ?").all(customerId),
    ).map((row) => (row as { id: string }).id),
  );
  const expectedGrants = new Set([
    ...grantsBefore,
    ...confirmed.flatMap((o) => o.lines.filter((l) => l.source === "music").map((l) => l.itemId)),
  ]);
  const grantProblems = albums.filter((a) => grantedNow.has(a.id) !== expectedGrants.has(a.id)).length;

  console.log(
    `oracle · real suite on a 3-node cluster, leader killed, quorum lost for 20 s (seed ${seed}): writes ${writes}, orders ${placed.length} (confirmed ${confirmed.length}, rejected ${placed.length - confirmed.length}, pending 0), lost ${lost}, duplicate effects ${duplicateEffects.length}, stock problems ${stockProblems.length}, saga outcome problems ${outcomeProblems.length}, music grant problems ${grantProblems}, store offers ≠ catalog products ${mismatched}; failover ${failover.toFixed(2)} s, after quorum loss ${recovery.toFixed(2)} s`,
  );
  expect(duplicateEffects, "no reservation or release applied twice").toEqual([]);
  expect(stockProblems, "stock = initial − confirmed, never below 0").toEqual([]);
  expect(outcomeProblems, "catalog's ledger and answers agree with store's outcomes").toEqual([]);
  expect(grantProblems, "music grants the albums of confirmed orders only").toBe(0);
  expect(lost, "events committed but never applied").toBe(0);
  expect(mismatched, "store's offers ≠ catalog's products").toBe(0);
  expect(confirmed.length).toBeGreaterThan(0);
  expect(failover, "failover (kill → first event applied again), seconds").toBeLessThan(10);
});
