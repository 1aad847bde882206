/**
 * Resync (issue 3): store's database is deleted and store restarted; it asks the owners to
 * re-publish and converges by itself to catalog's and music's current state (same ids, versions).
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { retryOnReset, startSystem, stopSystem, suite } from "./suite";

const dataDir = (JSON.parse(process.env.E2E_SUITE_JSON ?? "{}") as { dataDir?: string }).dataDir ?? "";

type Versions = Map<string, number>;

async function ownersState(request: import("@playwright/test").APIRequestContext): Promise<Versions> {
  const state: Versions = new Map();
  let cursor: string | undefined;
  do {
    const page = (await (
      await request.get(`${suite.urls.catalog}/api/products?limit=100${cursor ? `&cursor=${cursor}` : ""}`)
    ).json()) as { items: { id: string; version: number }[]; nextCursor?: string | null };
    for (const p of page.items) state.set(`catalog:${p.id}`, p.version);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const albums = (await (await request.get(`${suite.urls.music}/api/albums`)).json()) as {
    items: { id: string; version: number }[];
  };
  for (const a of albums.items) state.set(`music:${a.id}`, a.version);
  return state;
}

async function storeState(request: import("@playwright/test").APIRequestContext): Promise<Versions> {
  const response = await retryOnReset(() => request.get(`${suite.urls.store}/api/offers?limit=200`));
  if (!response.ok()) return new Map();
  const { items } = (await response.json()) as {
    items: { source: string; itemId: string; version: number }[];
  };
  return new Map(items.map((o) => [`${o.source}:${o.itemId}`, o.version]));
}

test("store converges to the owners' state after its database is deleted", async ({ request }) => {
  test.setTimeout(120_000);
  const owners = await ownersState(request);
  expect(owners.size).toBeGreaterThan(50);

  await stopSystem("store");
  try {
    for (const suffix of ["", "-wal", "-shm"])
      rmSync(path.join(dataDir, `store.sqlite${suffix}`), { force: true });
  } finally {
    await startSystem("store");
  }
  // The demo customer lived in the deleted database; other journeys sign in with it.
  await request.post(`${suite.urls.store}/api/accounts`, {
    data: { email: suite.customer.email, password: suite.customer.password, name: "Dana Demo" },
  });

  await expect
    .poll(
      async () => {
        const store = await storeState(request);
        return [...owners].filter(([key, version]) => store.get(key) !== version).length;
      },
      { timeout: 60_000 },
    )
    .toBe(0);
  const store = await storeState(request);
  expect([...store.keys()].sort()).toEqual([...owners.keys()].sort());
});
