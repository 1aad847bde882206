/**
 * Security across the back offices of catalog and music (issue 4, item 5): visitors and customers
 * are kept out of /admin and the admin APIs; every write endpoint answers 1,000 generated bodies
 * with the documented error JSON (or success), never a 500.
 */
import fc from "fast-check";
import { expect, test } from "./fixtures";
import { send } from "./http";
import { inLanes, retryOnReset, sessionOf, suite } from "./suite";

const JSON_TYPE = { "content-type": "application/json" };

test("back offices and admin APIs reject visitors (redirect/401) and customers (403)", async ({
  playwright,
}) => {
  const visitor = await playwright.request.newContext({ maxRedirects: 0 });
  const customerToken = await sessionOf(visitor, "customer");
  const customer = await playwright.request.newContext({
    maxRedirects: 0,
    extraHTTPHeaders: { authorization: `Bearer ${customerToken}` },
  });
  const anonymous = await playwright.request.newContext({ maxRedirects: 0 });
  for (const base of [suite.urls.catalog, suite.urls.music]) {
    const page = await anonymous.get(`${base}/admin`);
    expect(page.status()).toBeGreaterThanOrEqual(300);
    expect(page.status()).toBeLessThan(400);
    expect(page.headers().location).toContain(`${suite.urls.store}/signin`);
  }
  const writes: [string, string][] = [
    ["POST", `${suite.urls.catalog}/api/products`],
    ["PATCH", `${suite.urls.catalog}/api/products/anything`],
    ["DELETE", `${suite.urls.catalog}/api/products/anything`],
    ["POST", `${suite.urls.catalog}/api/products/anything/stock-adjustments`],
    ["POST", `${suite.urls.music}/api/albums`],
    ["PATCH", `${suite.urls.music}/api/albums/anything`],
    ["DELETE", `${suite.urls.music}/api/albums/anything`],
  ];
  for (const [method, url] of writes) {
    const asVisitor = await anonymous.fetch(url, { method, headers: JSON_TYPE, data: {} });
    expect(asVisitor.status(), `${method} ${url} as a visitor`).toBe(401);
    expect(await asVisitor.json()).toMatchObject({ error: expect.any(String) });
    const asCustomer = await customer.fetch(url, { method, headers: JSON_TYPE, data: {} });
    expect(asCustomer.status(), `${method} ${url} as a customer`).toBe(403);
  }
  await Promise.all([visitor.dispose(), customer.dispose(), anonymous.dispose()]);
});

/** Bodies a client might send: any JSON value, objects with the endpoint's keys holding anything, broken text. */
const bodies = (keys: string[]) =>
  fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.dictionary(fc.constantFrom(...keys), fc.jsonValue()).map((v) => JSON.stringify(v)),
    fc.string(),
    fc.string().map((s) => `{"${s}`),
  );

/**
 * Sends 1,000 generated bodies to one endpoint, 8 at a time through `send` (sequentially the five
 * endpoints took 150 s of the e2e stage; through Playwright's request context, 4 at a time, 49.9 s;
 * so, 30.8 s). The seed is in every failure message, so a failing body can be generated again.
 */
async function fuzz(method: string, url: string, keys: string[], token: string) {
  const allowed = new Set([200, 201, 204, 400, 404, 409, 413, 415]);
  const seed = Date.now() ^ (Math.random() * 0x7fffffff);
  const samples = fc.sample(bodies(keys), { numRuns: 1_000, seed });
  await inLanes(samples, 8, async (body, i) => {
    // A connection reset before any answer is sent once more. In about one run in four of these
    // 5,000 requests on the loaded 2-core machine one kept-alive connection was reset mid-run (its
    // three neighbours answered; every answer on it before said keep-alive): not an answer of the
    // system to that body. A body that makes the system drop the connection resets it again.
    const response = await retryOnReset(() =>
      send(url, { method, headers: { ...JSON_TYPE, authorization: `Bearer ${token}` }, body }),
    );
    const where = `${method} ${url} (fast-check seed ${seed}, sample ${i}) ${body}`;
    expect(allowed.has(response.status), `${where} → ${response.status}`).toBe(true);
    if (response.status >= 400)
      expect(JSON.parse(response.body), where).toMatchObject({ error: expect.any(String) });
  });
}

test("every back-office write endpoint answers 1,000 generated bodies without a 500", async ({
  playwright,
}) => {
  test.setTimeout(300_000);
  const request = await playwright.request.newContext();
  const token = await sessionOf(request, "admin");
  const auth = { authorization: `Bearer ${token}` };
  // Targets of their own, so that a generated body that happens to be valid changes only them.
  const product = await request.post(`${suite.urls.catalog}/api/products`, {
    headers: auth,
    data: {
      sku: `FUZZ-${Date.now()}`,
      title: "Fuzz target",
      priceCents: 100,
      category: "stationery",
      stock: 5,
    },
  });
  expect(product.status()).toBe(201);
  const productId = ((await product.json()) as { id: string }).id;
  const album = await request.post(`${suite.urls.music}/api/albums`, {
    headers: auth,
    data: {
      title: `Fuzz target ${Date.now()}`,
      artist: "Fuzz",
      priceCents: 100,
      tracks: [{ title: "One", durationSeconds: 60 }],
    },
  });
  expect(album.status()).toBe(201);
  const albumId = ((await album.json()) as { id: string }).id;

  const productKeys = ["sku", "title", "description", "priceCents", "category", "stock", "currency"];
  const albumKeys = ["title", "artist", "priceCents", "tracks", "published", "genre", "year"];
  // catalog and music are separate processes: fuzzing both at once keeps both cores busy.
  await Promise.all([
    (async () => {
      await fuzz("POST", `${suite.urls.catalog}/api/products`, productKeys, token);
      await fuzz("PATCH", `${suite.urls.catalog}/api/products/${productId}`, productKeys, token);
      await fuzz(
        "POST",
        `${suite.urls.catalog}/api/products/${productId}/stock-adjustments`,
        ["delta", "reason", "note", "stock"],
        token,
      );
    })(),
    (async () => {
      await fuzz("POST", `${suite.urls.music}/api/albums`, albumKeys, token);
      await fuzz("PATCH", `${suite.urls.music}/api/albums/${albumId}`, albumKeys, token);
    })(),
  ]);

  // Oversized and mistyped bodies get their own status codes.
  const big = await request.post(`${suite.urls.catalog}/api/products`, {
    headers: { ...JSON_TYPE, ...auth },
    data: JSON.stringify({ title: "x".repeat(200_000) }),
  });
  expect(big.status()).toBe(413);
  const text = await request.post(`${suite.urls.music}/api/albums`, {
    headers: { "content-type": "text/plain", ...auth },
    data: "title=x",
  });
  expect(text.status()).toBe(415);
  await request.dispose();
});
