/**
 * catalog's back office, end to end: a merchandiser's stock adjustment and a CSV import reach the
 * store's offers over RabbitMQ. Each test creates its own products (unique SKUs and titles), so it
 * never depends on or disturbs the data of other journeys.
 */
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { retryOnReset, sessionOf, suite, useSession } from "./suite";

interface Offer {
  source: string;
  itemId: string;
  title: string;
  available: boolean;
  priceCents: number;
}

/** store's copy of the catalog offers whose title contains `text`. */
async function storeOffers(page: Page, text: string): Promise<Offer[]> {
  const response = await retryOnReset(() =>
    page.request.get(`${suite.urls.store}/api/offers?source=catalog&limit=200&q=${encodeURIComponent(text)}`),
  );
  expect(response.ok()).toBe(true);
  return ((await response.json()) as { items: Offer[] }).items;
}

const storeOffer = async (page: Page, itemId: string, text: string) =>
  (await storeOffers(page, text)).find((o) => o.itemId === itemId);

/** A token short and unique enough for SKUs and titles. */
const uniqueTag = () =>
  `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`.toUpperCase();

test("a merchandiser counts the stock down to 0 and the store shows the product as unavailable", async ({
  page,
  request,
}) => {
  const tag = uniqueTag();
  const title = `Zinc Watering Can ${tag}`;
  // The product is set up through the JSON API, outside the browser (whose sign-in comes later).
  const token = await sessionOf(request, "admin");
  const created = await request.post(`${suite.urls.catalog}/api/products`, {
    headers: { authorization: `Bearer ${token}` },
    data: { sku: `E2E-CAN-${tag}`, title, priceCents: 3400, category: "outdoor", stock: 5 },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  await expect.poll(async () => (await storeOffer(page, id, tag))?.available).toBe(true);

  await useSession(page.context(), token);
  await page.goto(`${suite.urls.catalog}/admin/products/${id}`);
  await expect(page).toHaveURL(`${suite.urls.catalog}/admin/products/${id}`);
  await expect(page.getByTestId("current-stock")).toHaveText("5");

  // A write-off larger than the shelf is refused with the reason, and nothing changes.
  const reason = (name: string) => page.locator("label").filter({ hasText: name });
  await reason("Damaged or lost").click();
  await expect(page.getByRole("radio", { name: /damaged or lost/i })).toBeChecked();
  await page.getByLabel("Quantity", { exact: true }).fill("6");
  await page.getByRole("button", { name: "Record adjustment" }).click();
  await expect(page.getByTestId("error-quantity")).toHaveText("Only 5 in stock: you can't write off 6");
  await expect(page.getByTestId("current-stock")).toHaveText("5");

  // The recount finds the shelf empty.
  await reason("Stock count").click();
  await page.getByLabel("Counted", { exact: true }).fill("0");
  await page.getByLabel(/note/i).fill("Shelf empty at the recount");
  await page.getByRole("button", { name: "Record adjustment" }).click();
  await expect(page).toHaveURL(/\?adjusted=\d+/);
  await expect(page.getByTestId("current-stock")).toHaveText("0");
  await expect(page.getByTestId("stock-flash")).toContainText("stock count");
  const latest = page.getByTestId("stock-history").locator("tbody tr").first();
  await expect(latest).toContainText("stock count");
  await expect(latest).toContainText("Shelf empty at the recount");
  await expect(latest).toContainText("−5");
  await expect(latest).toContainText(suite.adminEmail);

  // store's copy follows: unavailable in its API and on its offers page.
  await expect.poll(async () => (await storeOffer(page, id, tag))?.available, { timeout: 5_000 }).toBe(false);
  await page.goto(`${suite.urls.store}/offers?q=${encodeURIComponent(tag)}`);
  await expect(page.locator(`[data-item-id="${id}"]`)).toContainText(/out of stock/i);

  // catalog's own shop says so too, and offers no "Add to cart".
  await page.goto(`${suite.urls.catalog}/products/${id}`);
  await expect(page.getByRole("button", { name: "Out of stock" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Add to cart" })).toHaveCount(0);
});

test("a CSV import reports its bad rows and imports the rest, which the store then offers", async ({
  page,
}) => {
  const tag = uniqueTag();
  const csv = [
    "sku,title,description,price,category,stock",
    `E2E-LAMP-${tag},Brass Desk Lamp ${tag},"Warm light, heavy base.",89.00,Electronics,4`,
    `E2E-BAD1-${tag},Broken Price ${tag},,twelve,books,1`,
    `E2E-BAD2-${tag},Lost Department ${tag},,5.00,gardening,1`,
    `E2E-PAD-${tag},Sketch Pad ${tag},,"7,50",stationery,30`,
  ].join("\r\n");

  await useSession(page.context(), await sessionOf(page.request, "admin"));
  await page.goto(`${suite.urls.catalog}/admin/import`);
  await expect(page).toHaveURL(`${suite.urls.catalog}/admin/import`);
  await page.getByLabel("CSV file").setInputFiles({
    name: `products-${tag}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(csv, "utf8"),
  });
  await page.getByRole("button", { name: "Import products" }).click();

  const summary = page.getByTestId("import-summary");
  await expect(summary).toContainText("2 created");
  await expect(summary).toContainText("2 rejected");
  const rejected = page.getByTestId("rejected-rows");
  await expect(rejected.locator('tr[data-row="3"]')).toContainText("“twelve” is not a price in euros");
  await expect(rejected.locator('tr[data-row="4"]')).toContainText("Unknown category “gardening”");
  await expect(page.getByTestId("imported-rows")).toContainText(`Brass Desk Lamp ${tag}`);
  await expect(page.getByTestId("imported-rows")).toContainText(`Sketch Pad ${tag}`);

  // The good rows are on sale at the store; the bad ones exist nowhere.
  await expect
    .poll(async () =>
      (await storeOffers(page, tag)).map((o) => `${o.title} ${o.priceCents} ${o.available}`).sort(),
    )
    .toEqual([`Brass Desk Lamp ${tag} 8900 true`, `Sketch Pad ${tag} 750 true`]);
  const search = await page.request.get(`${suite.urls.catalog}/api/products?q=${encodeURIComponent(tag)}`);
  expect(((await search.json()) as { items: { title: string }[] }).items.map((p) => p.title).sort()).toEqual([
    `Brass Desk Lamp ${tag}`,
    `Sketch Pad ${tag}`,
  ]);
});
