/**
 * The front door (nginx, tools/suite/src/gateway.mjs): one origin for the three systems, store's header
 * included on the server, stale copies of anonymous pages while a system is down, a designed 503
 * page for what it never kept. HTTP-level checks where a browser adds nothing.
 */
import {
  type APIRequestContext,
  type APIResponse,
  type Page,
  request as playwrightRequest,
} from "@playwright/test";
import { expect, test } from "./fixtures";
import { anAlbum, createCustomer, createProduct, headerCartCount, waitForOffer } from "./store-helpers";
import { startSystem, stopSystem, suite } from "./suite";

const door = suite.frontDoor;

// Sign-ins hash passwords and two systems restart: more than the default minute on a busy machine.
test.describe.configure({ timeout: 240_000 });

/**
 * A GET through the front door by an anonymous visitor: a request context of its own (the test's
 * `request` fixture keeps the cookies of its sign-ins), with only the headers given.
 */
let visitor: APIRequestContext | undefined;
async function anonymous(path: string, headers: Record<string, string> = {}) {
  visitor ??= await playwrightRequest.newContext();
  return visitor.get(`${door}${path}`, { headers, maxRedirects: 0, failOnStatusCode: false });
}
test.afterAll(async () => {
  await visitor?.dispose();
});

/** The "Add to cart" form of a catalog or music page seen through the front door. */
const addToCart = (page: Page) =>
  page
    .locator(`form[action="${door}/store/cart/items"]`)
    .getByRole("button", { name: "Add to cart" })
    .first();

const cacheStatus = (response: APIResponse) => response.headers()["x-cache-status"];

test("a shopper browses catalog and music and checks out at store, all on the front door's one origin", async ({
  page,
  request,
}) => {
  const product = await createProduct(request, { priceCents: 1900, stock: 10 });
  const album = await anAlbum(request, 2);
  await waitForOffer(request, "catalog", product.id);
  await waitForOffer(request, "music", album.id);
  const customer = await createCustomer(request);
  const onDoor = () => expect(new URL(page.url()).origin).toBe(new URL(door).origin);

  await page.goto(`${door}/store/signin`);
  await page.getByLabel("Email").fill(customer.email);
  await page.getByLabel("Password").fill(customer.password);
  await page.getByRole("button", { name: /sign in/i }).click();
  await page.waitForURL((url) => !url.pathname.includes("/signin"));
  onDoor();

  // catalog's page through the door: store's header is in it (SSI), signed in, empty cart.
  await page.goto(`${door}/catalog/products/${product.id}`);
  await expect(page.getByText(customer.name)).toBeVisible();
  await expect(headerCartCount(page)).toHaveText("0");
  await addToCart(page).click();
  await expect(page).toHaveURL(new RegExp(`^${door}/catalog/products/${product.id}\\?.*added=${product.id}`));
  await expect(headerCartCount(page)).toHaveText("1");

  // music's page, the same origin; the header link leads there.
  await page.getByRole("navigation", { name: "Suite" }).getByRole("link", { name: "Music" }).click();
  await expect(page).toHaveURL(`${door}/music/`);
  await page.goto(`${door}/music/albums/${album.id}`);
  await addToCart(page).click();
  await expect(page).toHaveURL(new RegExp(`^${door}/music/albums/${album.id}\\?.*added=${album.id}`));
  await expect(headerCartCount(page)).toHaveText("2");

  // store: cart, checkout, the order — never leaving the origin.
  await page.goto(`${door}/store/cart`);
  await expect(page.getByTestId("cart-line")).toHaveCount(2);
  // Signed in, the cart offers "Go to checkout" (a visitor's says "Sign in and check out").
  await page.getByRole("link", { name: "Go to checkout" }).click();
  await expect(page).toHaveURL(`${door}/store/checkout`);
  await page.getByRole("button", { name: "Place order" }).click();
  await expect(page).toHaveURL(new RegExp(`^${door}/store/orders/[0-9a-f-]{36}`));
  await expect(page.getByTestId("order-status")).toHaveText("Confirmed", { timeout: 10_000 });
  onDoor();
});

test("with JavaScript off, the header through the front door shows the cart count on first paint", async ({
  browser,
  request,
}) => {
  const album = await anAlbum(request, 3);
  await waitForOffer(request, "music", album.id);
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    // A visitor's cart, filled by the plain form post (no script involved).
    await page.goto(`${door}/music/albums/${album.id}`);
    await addToCart(page).click();
    await expect(page).toHaveURL(new RegExp(`added=${album.id}`));
    await expect(headerCartCount(page)).toHaveText("1");
    await page.goto(`${door}/catalog/`);
    await expect(headerCartCount(page)).toHaveText("1");
    // On the system's own port the count is the browser's to fetch: without JavaScript, none.
    await page.goto(`${suite.urls.catalog}/`);
    await expect(page.getByRole("navigation", { name: "Suite" })).toBeVisible();
    await expect(headerCartCount(page)).toHaveCount(0);
  } finally {
    await context.close();
  }
});

test("catalog stopped: its product pages are served stale, the rest says 503 by name, and music items still check out", async ({
  request,
}) => {
  const product = await createProduct(request, { priceCents: 1500, stock: 5 });
  const album = await anAlbum(request, 4);
  await waitForOffer(request, "music", album.id);
  const token = (
    (await (
      await request.post(`${door}/store/api/session`, { data: await createCustomer(request) })
    ).json()) as {
      token: string;
    }
  ).token;
  const page = `/catalog/products/${product.id}`;

  // Anonymous visits keep a copy; none of them carries Set-Cookie.
  const first = await anonymous(page);
  expect(first.status()).toBe(200);
  await expect.poll(async () => cacheStatus(await anonymous(page))).toMatch(/HIT|STALE|UPDATING/);
  // A personal request is neither answered from nor stored in the cache.
  const personal = await anonymous(page, { authorization: `Bearer ${token}` });
  expect(cacheStatus(personal)).toBe("BYPASS");

  await stopSystem("catalog");
  try {
    // The copy is fresh for FRESH_SECONDS (2 s) and answered as a HIT meanwhile; after that the
    // gateway asks catalog, which does not answer, and serves the copy as stale.
    let stale = await anonymous(page);
    await expect
      .poll(
        async () => {
          stale = await anonymous(page);
          return cacheStatus(stale);
        },
        { timeout: 6_000, intervals: [500] },
      )
      .toMatch(/STALE|UPDATING/);
    expect(stale.status()).toBe(200);
    expect(stale.headers().warning).toContain("Stale");
    expect(stale.headers()["set-cookie"]).toBeUndefined();
    const html = await stale.text();
    expect(html).toContain(product.title);
    // store's header is still included (the include is the gateway's, not catalog's).
    expect(html).toContain('data-suite-header="store"');

    // Personal: no copy for it, the designed page instead.
    const signedIn = await anonymous(page, { cookie: `scs_session=${token}` });
    expect(signedIn.status()).toBe(503);

    // A page never kept: the designed 503 that names catalog and links to the rest.
    const never = await anonymous(`/catalog/products?q=never-kept-${Date.now()}`);
    expect(never.status()).toBe(503);
    const body = await never.text();
    expect(body).toContain("Catalog is unavailable");
    expect(body).toContain('href="/music/"');
    expect(body).toContain('href="/store/"');
    expect(body).not.toContain("nginx");
    const api = await anonymous("/catalog/api/products");
    expect(api.status()).toBe(503);
    expect(((await api.json()) as { error: string }).error).toContain("catalog");

    // A music order through the front door is confirmed without catalog.
    const placed = await request.post(`${door}/store/api/orders`, {
      headers: { authorization: `Bearer ${token}` },
      data: { lines: [{ source: "music", itemId: album.id, quantity: 1 }] },
    });
    expect(placed.status(), await placed.text()).toBe(201);
    const { id } = (await placed.json()) as { id: string };
    await expect
      .poll(
        async () =>
          (
            (await (
              await request.get(`${door}/store/api/orders/${id}`, {
                headers: { authorization: `Bearer ${token}` },
              })
            ).json()) as { status: string }
          ).status,
        { timeout: 15_000 },
      )
      .toBe("confirmed");
  } finally {
    await startSystem("catalog");
  }
});

test("store stopped: every page through the front door gets the static header with working links", async () => {
  await stopSystem("store");
  try {
    const response = await anonymous("/music/");
    expect(response.status()).toBe(200);
    const html = await response.text();
    expect(html).toContain('data-suite-header="fallback"');
    for (const href of ['href="/catalog/"', 'href="/music/"', 'href="/store/signin"'])
      expect(html).toContain(href);
  } finally {
    await startSystem("store");
  }
});
