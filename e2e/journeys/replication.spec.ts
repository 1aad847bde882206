/**
 * Journeys of the foundation: data flows from catalog and music to store over RabbitMQ, and the
 * suite sign-in carries an administrator from store to catalog's back office.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { retryOnReset, sessionOf, suite } from "./suite";

interface Offer {
  source: string;
  itemId: string;
  title: string;
  priceCents: number;
  version: number;
}

async function offers(page: Page, source: "catalog" | "music"): Promise<Offer[]> {
  const response = await retryOnReset(() =>
    page.request.get(`${suite.urls.store}/api/offers?source=${source}&limit=200`),
  );
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { items: Offer[] }).items;
}

const euros = (cents: number) => (cents / 100).toFixed(2);

test("an administrator edits a price in catalog's back office and store offers it within 1 s", async ({
  page,
}) => {
  const { items } = (await (await page.request.get(`${suite.urls.catalog}/api/products?limit=5`)).json()) as {
    items: { id: string; title: string; priceCents: number }[];
  };
  const product = items[0];
  if (!product) throw new Error("catalog has no products: was it seeded?");
  // The store must hold the product before we change it.
  await expect
    .poll(async () => (await offers(page, "catalog")).some((o) => o.itemId === product.id))
    .toBe(true);

  // Signed out, the back office sends the visitor to store's sign-in and back.
  await page.goto(`${suite.urls.catalog}/admin/products/${product.id}`);
  await expect(page).toHaveURL(new RegExp(`^${suite.urls.store}/signin`));
  await page.getByLabel(/email/i).fill(suite.adminEmail);
  await page.getByLabel(/password/i).fill(suite.adminPassword);
  await page.getByRole("button", { name: /sign in/i }).click();
  await expect(page).toHaveURL(`${suite.urls.catalog}/admin/products/${product.id}`);

  const newPriceCents = product.priceCents + 111;
  await page.getByLabel(/price/i).fill(euros(newPriceCents));
  await page.getByRole("button", { name: /save/i }).click();
  await expect(page).toHaveURL(new RegExp(`^${suite.urls.catalog}/admin(\\?|$)`));
  const savedAt = Date.now();

  // Replication delay as a user sees it: from the saved edit to store's API answering the new price.
  await expect
    .poll(async () => (await offers(page, "catalog")).find((o) => o.itemId === product.id)?.priceCents, {
      intervals: [10],
      timeout: 5_000,
    })
    .toBe(newPriceCents);
  const delayMs = Date.now() - savedAt;
  console.log(`replication delay of the price edit (catalog save → store API): ${delayMs} ms`);
  expect(delayMs).toBeLessThan(1_000);

  await page.goto(`${suite.urls.store}/offers?source=catalog&q=${encodeURIComponent(product.title)}`);
  const card = page.locator(`[data-testid="offer"][data-item-id="${product.id}"]`);
  await expect(card.getByTestId("offer-price")).toContainText(euros(newPriceCents));
});

test("a product created through catalog's JSON API appears in store's offers", async ({ page }) => {
  const token = await sessionOf(page.request, "admin");
  const sku = `E2E-${Date.now()}`;
  const created = await page.request.post(`${suite.urls.catalog}/api/products`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      sku,
      title: `Field Notebook ${sku}`,
      description: "Dot grid, 120 g/m² paper, lies flat.",
      priceCents: 1450,
      category: "stationery",
      stock: 12,
    },
  });
  expect(created.status()).toBe(201);
  const product = (await created.json()) as { id: string; title: string; version: number };

  await expect
    .poll(async () => (await offers(page, "catalog")).find((o) => o.itemId === product.id)?.version)
    .toBe(product.version);
  await page.goto(`${suite.urls.store}/offers?q=${encodeURIComponent(sku)}`);
  await expect(page.locator(`[data-testid="offer"][data-item-id="${product.id}"]`)).toContainText(
    product.title,
  );
  await expect(page.locator(`[data-testid="offer"][data-item-id="${product.id}"]`)).toContainText("14.50");
});

test("music's published albums are offered by the store", async ({ page }) => {
  const response = await page.request.get(`${suite.urls.music}/api/albums`);
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as
    | { items?: { id: string; title: string }[] }
    | { id: string; title: string }[];
  const albums = Array.isArray(body) ? body : (body.items ?? []);
  expect(albums.length).toBeGreaterThanOrEqual(12);

  await expect
    .poll(async () => {
      const offered = new Set((await offers(page, "music")).map((o) => o.itemId));
      return albums.filter((a) => !offered.has(a.id)).length;
    })
    .toBe(0);
  await page.goto(`${suite.urls.store}/offers?source=music`);
  const first = albums[0];
  if (!first) throw new Error("no album");
  await expect(page.locator(`[data-testid="offer"][data-source="music"]`).first()).toBeVisible();
  await page.goto(`${suite.urls.store}/offers?source=music&q=${encodeURIComponent(first.title)}`);
  await expect(page.locator(`[data-testid="offer"][data-item-id="${first.id}"]`)).toContainText(first.title);
});
