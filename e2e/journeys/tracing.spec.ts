/**
 * One order, one trace (issue 13): an order with a catalog line and a music line, placed through
 * the UI, is followed across the three systems by OpenTelemetry — store's checkout request →
 * `store.order.placed` → catalog's reservation → `catalog.stock.reserved` → store's confirmation →
 * `store.order.confirmed` → music's grant. The systems export OTLP/JSON to a receiver the global
 * setup runs (e2e/otlp-receiver.mjs); this journey reads the spans back and checks their parentage.
 */
import { expect, test } from "./fixtures";
import { addToCartButton, anAlbum, createCustomer, createProduct, waitForOffer } from "./store-helpers";
import { signIn, suite } from "./suite";

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

async function exportedSpans(): Promise<ExportedSpan[]> {
  const response = await fetch(`${process.env.E2E_OTLP_URL}/spans`);
  return (await response.json()) as ExportedSpan[];
}

test("an order placed through the UI is one trace across store, catalog and music", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  const product = await createProduct(request, { priceCents: 1900, stock: 10 });
  const album = await anAlbum(request, 2);
  await waitForOffer(request, "catalog", product.id);
  await waitForOffer(request, "music", album.id);
  const customer = await createCustomer(request);
  await signIn(page, customer.email, customer.password);

  // Each "Add to cart" posts to store, which sends the visitor back with `added=<item>`.
  await page.goto(`${suite.urls.catalog}/products/${product.id}`);
  await addToCartButton(page).click();
  await expect(page).toHaveURL(new RegExp(`added=${product.id}`));
  await page.goto(`${suite.urls.music}/albums/${album.id}`);
  await addToCartButton(page).first().click();
  await expect(page).toHaveURL(new RegExp(`added=${album.id}`));
  await page.goto(`${suite.urls.store}/checkout`);
  await expect(page.getByTestId("checkout-line")).toHaveCount(2);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(/\/orders\/[0-9a-f-]{36}/);
  const orderId = new URL(page.url()).pathname.split("/").pop() as string;
  await expect(page.getByTestId("order-status")).toHaveText("Confirmed", { timeout: 10_000 });

  // The trace of this order: the one in which music applied its confirmation (spans are exported
  // in batches, every half second).
  let spans: ExportedSpan[] = [];
  const named = (name: string, service: string) =>
    spans.find(
      (s) =>
        s.name === name && s.service === service && s.attributes["cloudevents.event_subject"] === orderId,
    );
  await expect
    .poll(
      async () => {
        const all = await exportedSpans();
        const grant = all.find(
          (s) =>
            s.name === "store.order.confirmed process" &&
            s.attributes["cloudevents.event_subject"] === orderId,
        );
        spans = grant ? all.filter((s) => s.traceId === grant.traceId) : [];
        return [
          "store.order.placed publish",
          "catalog.stock.reserved publish",
          "store.order.confirmed publish",
        ].every((name) => spans.some((s) => s.name === name));
      },
      { timeout: 20_000, message: "the order's spans exported" },
    )
    .toBe(true);

  const byId = new Map(spans.map((s) => [s.spanId, s]));
  /** True when `ancestor` is `span`'s parent, or its parent's parent, … (amqplib's own spans may sit between). */
  const descends = (span: ExportedSpan | undefined, ancestor: ExportedSpan | undefined) => {
    if (!span || !ancestor) return false;
    for (let at = byId.get(span.parentSpanId ?? ""); at; at = byId.get(at.parentSpanId ?? ""))
      if (at.spanId === ancestor.spanId) return true;
    return false;
  };
  const placedPublish = spans.find((s) => s.name === "store.order.placed publish" && s.service === "store");
  const reservation = named("store.order.placed process", "catalog");
  const reservedPublish = spans.find(
    (s) => s.name === "catalog.stock.reserved publish" && s.service === "catalog",
  );
  const confirmation = named("catalog.stock.reserved process", "store");
  const confirmedPublish = spans.find(
    (s) => s.name === "store.order.confirmed publish" && s.service === "store",
  );
  const grant = named("store.order.confirmed process", "music");

  // store's checkout request is where the trace starts: the first publish descends from a store span.
  expect(placedPublish?.parentSpanId && byId.get(placedPublish.parentSpanId)?.service).toBe("store");
  expect(descends(reservation, placedPublish)).toBe(true);
  expect(descends(reservedPublish, reservation)).toBe(true);
  expect(descends(confirmation, reservedPublish)).toBe(true);
  expect(descends(confirmedPublish, confirmation)).toBe(true);
  expect(descends(grant, confirmedPublish)).toBe(true);
  expect(new Set(spans.map((s) => s.service))).toEqual(new Set(["store", "catalog", "music"]));
  expect(grant?.attributes).toMatchObject({
    "messaging.destination.name": "music.inbox",
    "cloudevents.event_type": "store.order.confirmed",
  });
});
