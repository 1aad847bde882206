/**
 * Journey 6: an operator sees a system's messaging on /ops, including a poison message with its
 * reason, and discards it; visitors and customers are kept out.
 */

import amqp from "amqplib";
import { expect, test } from "./fixtures";
import { sessionOf, suite, useSession } from "./suite";

const broker = (
  JSON.parse(process.env.E2E_SUITE_JSON ?? "{}") as { broker?: { brokerUrls: Record<string, string> } }
).broker;

test("/ops is for administrators only, in every system", async ({ page }) => {
  for (const url of Object.values(suite.urls)) {
    await page.goto(`${url}/ops`);
    await expect(page).toHaveURL(new RegExp(`^${suite.urls.store}/signin`));
  }
  await useSession(page.context(), await sessionOf(page.request, "customer"));
  for (const url of Object.values(suite.urls)) {
    const response = await page.goto(`${url}/ops`);
    expect(response?.status()).toBe(403);
  }
});

test("an operator opens the event contract (AsyncAPI) from every system's /ops", async ({ page }) => {
  await useSession(page.context(), await sessionOf(page.request, "admin"));
  for (const [system, url] of Object.entries(suite.urls)) {
    await page.goto(`${url}/ops`);
    await page.getByRole("link", { name: /Event contract \(AsyncAPI\)/ }).click();
    await expect(page).toHaveURL(`${url}/ops/events`);
    await expect(page.getByRole("heading", { name: "Event contract", level: 1 })).toBeVisible();
    await expect(page.getByText(`Operations · ${system}`)).toBeVisible();
    // The order saga's first event: published by store, consumed by catalog through its quorum queue.
    const placed = page.locator("section#store\\.order\\.placed");
    await expect(placed).toContainText("store.events (topic, durable) · store.order.placed");
    await expect(placed).toContainText("catalog (catalog.inbox)");
    await expect(placed).toContainText("data.lines[].quantity");
  }
});

test("an operator finds a poison message on store's /ops with its reason and discards it", async ({
  page,
}) => {
  const catalogUrl = broker?.brokerUrls.catalog;
  if (!catalogUrl) throw new Error("the suite's broker URLs are missing");
  // catalog publishes an event whose data breaks the contract (a negative price).
  const marker = `poison-${Date.now()}`;
  const connection = await amqp.connect(catalogUrl);
  const channel = await connection.createConfirmChannel();
  const event = {
    specversion: "1.0",
    id: crypto.randomUUID(),
    source: "/catalog",
    type: "catalog.product.upserted",
    subject: marker,
    time: new Date().toISOString(),
    aggregateversion: 1,
    data: { id: marker, sku: marker, title: "Broken", description: "", priceCents: -5, currency: "EUR" },
  };
  channel.publish("catalog.events", "catalog.product.upserted", Buffer.from(JSON.stringify(event)), {
    persistent: true,
    userId: "catalog",
    messageId: event.id,
  });
  await channel.waitForConfirms();
  await connection.close();

  await useSession(page.context(), await sessionOf(page.request, "admin"));
  const letter = page.getByTestId("dead-letter").filter({ hasText: event.id });
  await expect(async () => {
    await page.goto(`${suite.urls.store}/ops`);
    await expect(letter).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(letter).toContainText("invalid data for catalog.product.upserted");
  await expect(letter).toContainText("priceCents");
  await expect(page.getByRole("link", { name: /management console/i })).toHaveAttribute(
    "href",
    /#\/queues\/scs$/,
  );

  await letter.getByRole("button", { name: "Replay" }).click();
  await expect(page.getByRole("status")).toContainText("failed");
  await letter.getByRole("button", { name: "Discard" }).click();
  await expect(page.getByRole("status")).toContainText("discarded");
  await expect(letter).toHaveCount(0);
  // The poison did not stop the store: it is still up to date and healthy.
  const ready = await page.request.get(`${suite.urls.store}/api/ready`);
  expect(await ready.json()).toMatchObject({ database: "up", broker: "up" });
});
