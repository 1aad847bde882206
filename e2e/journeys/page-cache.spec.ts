/**
 * The page cache (docs/decisions/0022-page-cache.md): anonymous visitors get public pages rendered
 * once per change of the system's data. A change — an administrator's edit in catalog, an event
 * store applies — must show on the very next request, not after the cache's maximum age.
 */
import { type APIRequestContext, request as playwrightRequest } from "@playwright/test";
import { expect, test } from "./fixtures";
import { sessionOf, suite } from "./suite";

const euros = (cents: number) => (cents / 100).toFixed(2);

/** One anonymous GET (a context without cookies): the page's HTML and whether the cache answered. */
async function visit(anonymous: APIRequestContext, url: string) {
  const response = await anonymous.get(url, { headers: { accept: "text/html" } });
  expect(response.status()).toBe(200);
  return { html: await response.text(), cache: response.headers()["x-page-cache"] };
}

test("an edit in catalog and the event store applies show at once on the cached pages", async ({
  request,
}) => {
  const anonymous = await playwrightRequest.newContext();
  const token = await sessionOf(request, "admin");
  const tag = `${Date.now().toString(36)}`.toUpperCase();
  const created = await request.post(`${suite.urls.catalog}/api/products`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      sku: `E2E-CACHE-${tag}`,
      title: `Enamel Jug ${tag}`,
      priceCents: 2300,
      category: "outdoor",
      stock: 4,
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const productPage = `${suite.urls.catalog}/products/${encodeURIComponent(id)}`;
  const offerPage = `${suite.urls.store}/offers/catalog/${encodeURIComponent(id)}`;
  const storePrice = async () => {
    const response = await request.get(`${suite.urls.store}/api/offers?source=catalog&limit=200&q=${tag}`);
    const { items } = (await response.json()) as { items: { itemId: string; priceCents: number }[] };
    return items.find((o) => o.itemId === id)?.priceCents;
  };
  await expect.poll(storePrice).toBe(2300);

  // Both pages are in the cache: the second visit is answered from it.
  for (const url of [productPage, offerPage]) {
    await visit(anonymous, url);
    const again = await visit(anonymous, url);
    expect(again.cache).toBe("hit");
    expect(again.html).toContain(euros(2300));
  }

  const edited = await request.patch(`${suite.urls.catalog}/api/products/${encodeURIComponent(id)}`, {
    headers: { authorization: `Bearer ${token}` },
    data: { priceCents: 2777 },
  });
  expect(edited.ok()).toBe(true);
  // catalog committed the edit: its very next answer has the new price.
  const product = await visit(anonymous, productPage);
  expect(product.html).toContain(euros(2777));
  expect(product.html).not.toContain(euros(2300));

  // store applied the event (its JSON API, never cached, says so): its very next page has it too.
  await expect.poll(storePrice, { intervals: [20], timeout: 10_000 }).toBe(2777);
  const offer = await visit(anonymous, offerPage);
  expect(offer.html).toContain(euros(2777));
  expect(offer.html).not.toContain(euros(2300));
  await anonymous.dispose();
});

test("a visitor with a session or a cart is never served the shared page", async ({ request }) => {
  const anonymous = await playwrightRequest.newContext();
  await visit(anonymous, `${suite.urls.store}/`);
  expect((await visit(anonymous, `${suite.urls.store}/`)).cache).toBe("hit");
  const signedIn = await playwrightRequest.newContext();
  const session = await signedIn.post(`${suite.urls.store}/api/session`, {
    data: { email: suite.customer.email, password: suite.customer.password },
  });
  expect(session.status()).toBe(200);
  const { token } = (await session.json()) as { token: string };
  const personal = await request.get(`${suite.urls.store}/`, {
    headers: { cookie: `scs_session=${token}`, accept: "text/html" },
  });
  expect(personal.headers()["x-page-cache"]).toBeUndefined();
  await anonymous.dispose();
  await signedIn.dispose();
});
