/**
 * Security of store's edges, tested against the real route handlers with a temp-file database:
 * who may read and place orders, what a tampered or expired session gets, which origins may post
 * the add-to-cart form and read the cart count.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { forgeClaims, sessionToken, setUpRouteEnv, tamper, urls } from "@/testing/route-env";

setUpRouteEnv();

type Route = (request: Request, context: unknown) => Promise<Response>;
let orders: { POST: Route; GET: Route };
let orderById: { GET: Route };
let cartItems: { POST: Route };
let cartUpdate: { POST: Route };
let checkoutPlace: { POST: Route };
let summary: { GET: Route; OPTIONS: Route };
let alice: string;
let bob: string;

beforeAll(async () => {
  orders = (await import("@/app/api/orders/route")) as unknown as typeof orders;
  orderById = (await import("@/app/api/orders/[id]/route")) as unknown as typeof orderById;
  cartItems = (await import("@/app/cart/items/route")) as unknown as typeof cartItems;
  cartUpdate = (await import("@/app/cart/update/route")) as unknown as typeof cartUpdate;
  checkoutPlace = (await import("@/app/checkout/place/route")) as unknown as typeof checkoutPlace;
  summary = (await import("@/app/api/cart/summary/route")) as unknown as typeof summary;
  const { getDb } = await import("@/db/client");
  const { putOffer, putCustomer } = await import("@/testing/fixtures");
  const db = getDb();
  putOffer(db, { source: "catalog", itemId: "mug", title: "Stoneware Mug", priceCents: 1800, stock: 5 });
  putOffer(db, { source: "catalog", itemId: "pan", title: "Cast Iron Pan", stock: 0, available: false });
  putOffer(db, { source: "music", itemId: "night-drive", title: "Night Drive", priceCents: 999 });
  alice = await sessionToken({ sub: putCustomer(db, "Alice") });
  bob = await sessionToken({ sub: putCustomer(db, "Bob") });
});

const noContext = { params: Promise.resolve({}) };
const idContext = (id: string) => ({ params: Promise.resolve({ id }) });

function jsonRequest(path: string, body: unknown, token?: string, method = "POST"): Request {
  return new Request(`${urls.store}${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: method === "GET" ? undefined : JSON.stringify(body),
  });
}

const getRequest = (path: string, headers: Record<string, string> = {}) =>
  new Request(`${urls.store}${path}`, { headers });

function formPost(
  path: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Request {
  return new Request(`${urls.store}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

const mugOrder = { lines: [{ source: "catalog", itemId: "mug", quantity: 1 }] };

async function placeAs(token: string): Promise<string> {
  const response = await orders.POST(jsonRequest("/api/orders", mugOrder, token), noContext);
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

describe("orders API: who may place and read orders", () => {
  it("places an order for a signed-in customer: 201 {id,status}", async () => {
    const response = await orders.POST(jsonRequest("/api/orders", mugOrder, alice), noContext);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ id: expect.any(String), status: "pending" });
  });

  it("answers a visitor with 401 and the documented error JSON", async () => {
    const response = await orders.POST(jsonRequest("/api/orders", mugOrder), noContext);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: expect.any(String), issues: [] });
    expect((await orders.GET(getRequest("/api/orders"), noContext)).status).toBe(401);
  });

  it("treats tampered, forged, expired, foreign-signed and mis-addressed tokens as signed out", async () => {
    const sub = JSON.parse(Buffer.from(alice.split(".")[1] ?? "", "base64url").toString()).sub as string;
    const bad = [
      tamper(alice),
      forgeClaims(alice, { roles: ["customer", "admin"] }),
      forgeClaims(alice, { sub: "someone-else" }),
      await sessionToken({ sub, expiresIn: -60 }),
      await sessionToken({ sub, foreignKey: true }),
      await sessionToken({ sub, issuer: "http://evil.test" }),
      await sessionToken({ sub, audience: "other" }),
      "not-a-jwt",
    ];
    for (const token of bad) {
      const response = await orders.POST(jsonRequest("/api/orders", mugOrder, token), noContext);
      expect(response.status, token).toBe(401);
    }
  });

  it("a valid token for an account store does not know cannot shop (401, not a 500)", async () => {
    const stranger = await sessionToken();
    expect((await orders.POST(jsonRequest("/api/orders", mugOrder, stranger), noContext)).status).toBe(401);
  });

  it("a customer cannot read another customer's order: 404, as for an unknown id", async () => {
    const id = await placeAs(alice);
    const own = await orderById.GET(jsonRequest(`/api/orders/${id}`, null, alice, "GET"), idContext(id));
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({
      id,
      status: "pending",
      lines: [{ itemId: "mug", quantity: 1 }],
    });

    const other = await orderById.GET(jsonRequest(`/api/orders/${id}`, null, bob, "GET"), idContext(id));
    expect(other.status).toBe(404);
    const unknown = await orderById.GET(jsonRequest("/api/orders/nope", null, bob, "GET"), idContext("nope"));
    expect(unknown.status).toBe(404);
    expect(await other.json()).toEqual(await unknown.json());
    const anonymous = await orderById.GET(getRequest(`/api/orders/${id}`), idContext(id));
    expect(anonymous.status).toBe(401);
  });

  it("lists only the customer's own orders", async () => {
    const mine = await placeAs(bob);
    const response = await orders.GET(jsonRequest("/api/orders", null, bob, "GET"), noContext);
    const { items } = (await response.json()) as { items: { id: string }[] };
    expect(items.map((o) => o.id)).toContain(mine);
    const alices = (await (
      await orders.GET(jsonRequest("/api/orders", null, alice, "GET"), noContext)
    ).json()) as {
      items: { id: string }[];
    };
    expect(alices.items.map((o) => o.id)).not.toContain(mine);
  });

  it("answers 400 with the issues for items store does not offer or that are out of stock", async () => {
    const response = await orders.POST(
      jsonRequest(
        "/api/orders",
        {
          lines: [
            { source: "catalog", itemId: "ghost", quantity: 1 },
            { source: "catalog", itemId: "pan", quantity: 1 },
          ],
        },
        alice,
      ),
      noContext,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: "Some items cannot be ordered",
      issues: [
        { path: "lines.0.itemId", message: expect.stringContaining("ghost") },
        { path: "lines.1.itemId", message: expect.stringContaining("out of stock") },
      ],
    });
  });
});

describe("the add-to-cart form post (POST /cart/items)", () => {
  const addMug = {
    source: "catalog",
    itemId: "mug",
    quantity: "2",
    returnTo: `${urls.catalog}/products/mug`,
  };

  it("is refused from a foreign origin, and when the origin cannot be told at all", async () => {
    const attempts: Record<string, string>[] = [
      { origin: "http://evil.test" },
      { origin: "null" },
      { referer: "http://evil.test/page" },
      { origin: "http://catalog.test:9999" },
      {},
    ];
    for (const headers of attempts) {
      const response = await cartItems.POST(formPost("/cart/items", addMug, headers), noContext);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
    }
  });

  it("from a suite origin: 303 back to returnTo with ?added=, and a visitor cart cookie", async () => {
    const response = await cartItems.POST(
      formPost("/cart/items", addMug, { origin: urls.catalog }),
      noContext,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${urls.catalog}/products/mug?added=mug`);
    expect(response.headers.get("set-cookie")).toMatch(
      /^scs_cart=[\w-]{24}; Path=\/; HttpOnly; SameSite=Lax/,
    );
  });

  it("accepts the Referer's origin when the browser sent no Origin", async () => {
    const response = await cartItems.POST(
      formPost("/cart/items", addMug, { referer: `${urls.music}/albums/x` }),
      noContext,
    );
    expect(response.status).toBe(303);
  });

  it("sends unknown and sold-out items back with ?cartError=<reason>", async () => {
    const back = `${urls.catalog}/products/pan?added=old`;
    const soldOut = await cartItems.POST(
      formPost("/cart/items", { source: "catalog", itemId: "pan", returnTo: back }, { origin: urls.catalog }),
      noContext,
    );
    expect(soldOut.status).toBe(303);
    const location = new URL(soldOut.headers.get("location") ?? "");
    expect(location.origin).toBe(urls.catalog);
    expect(location.searchParams.get("cartError")).toBe("“Cast Iron Pan” is out of stock right now.");
    expect(location.searchParams.has("added")).toBe(false);

    const unknown = await cartItems.POST(
      formPost("/cart/items", { source: "music", itemId: "ghost", returnTo: back }, { origin: urls.music }),
      noContext,
    );
    expect(new URL(unknown.headers.get("location") ?? "").searchParams.get("cartError")).toBe(
      "This item is not on sale in the store.",
    );
    const badQuantity = await cartItems.POST(
      formPost("/cart/items", { ...addMug, quantity: "500" }, { origin: urls.catalog }),
      noContext,
    );
    expect(new URL(badQuantity.headers.get("location") ?? "").searchParams.get("cartError")).toMatch(
      /1 to 99/,
    );
  });

  it("never redirects outside the suite: a foreign returnTo goes to /cart", async () => {
    for (const returnTo of ["http://evil.test/", "//evil.test", "javascript:alert(1)", ""]) {
      const response = await cartItems.POST(
        formPost("/cart/items", { ...addMug, returnTo }, { origin: urls.store }),
        noContext,
      );
      expect(response.status).toBe(303);
      expect(new URL(response.headers.get("location") ?? "").href).toBe(`${urls.store}/cart?added=mug`);
    }
  });

  it("answers a body that is not a form with 415", async () => {
    const response = await cartItems.POST(
      new Request(`${urls.store}/cart/items`, {
        method: "POST",
        headers: { origin: urls.catalog, "content-type": "application/json" },
        body: JSON.stringify(addMug),
      }),
      noContext,
    );
    expect(response.status).toBe(415);
  });
});

describe("store's own cart and checkout forms", () => {
  it("refuse posts from other origins, even the suite's other shops", async () => {
    const update = formPost(
      "/cart/update",
      { source: "catalog", itemId: "mug", intent: "remove" },
      { origin: urls.catalog, authorization: `Bearer ${alice}` },
    );
    expect((await cartUpdate.POST(update, noContext)).status).toBe(403);
    const place = formPost(
      "/checkout/place",
      {},
      { origin: "http://evil.test", authorization: `Bearer ${alice}` },
    );
    expect((await checkoutPlace.POST(place, noContext)).status).toBe(403);
  });

  it("checkout sends a signed-out or tampered session to sign in", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${tamper(alice)}` }];
    for (const headers of attempts) {
      const response = await checkoutPlace.POST(
        formPost("/checkout/place", {}, { origin: urls.store, ...headers }),
        noContext,
      );
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toMatch(/^\/signin\?returnTo=/);
    }
  });
});

describe("the cart count for the suite header (GET /api/cart/summary)", () => {
  it("allows the suite's origins with credentials, and no one else", async () => {
    for (const origin of [urls.catalog, urls.music, urls.store]) {
      const response = await summary.GET(getRequest("/api/cart/summary", { origin }), noContext);
      expect(response.headers.get("access-control-allow-origin")).toBe(origin);
      expect(response.headers.get("access-control-allow-credentials")).toBe("true");
      expect(response.headers.get("vary")).toMatch(/Origin/);
      expect(await response.json()).toEqual({ count: 0 });
    }
    const foreign = await summary.GET(
      getRequest("/api/cart/summary", { origin: "http://evil.test" }),
      noContext,
    );
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    expect(foreign.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("answers the preflight for suite origins only", async () => {
    const ok = await summary.OPTIONS(
      new Request(`${urls.store}/api/cart/summary`, { method: "OPTIONS", headers: { origin: urls.music } }),
      noContext,
    );
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-methods")).toContain("GET");
    const refused = await summary.OPTIONS(
      new Request(`${urls.store}/api/cart/summary`, {
        method: "OPTIONS",
        headers: { origin: "http://evil.test" },
      }),
      noContext,
    );
    expect(refused.status).toBe(403);
  });

  it("counts the visitor's cart from its cookie, and the customer's from the session", async () => {
    const added = await cartItems.POST(
      formPost("/cart/items", { source: "catalog", itemId: "mug", quantity: "3" }, { origin: urls.store }),
      noContext,
    );
    const cookie = (added.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const visitor = await summary.GET(getRequest("/api/cart/summary", { cookie }), noContext);
    expect(await visitor.json()).toEqual({ count: 3 });
    // Signing in (here: the first request with both) moves the items to the customer's cart.
    const carol = await sessionToken({
      sub: (await import("@/testing/fixtures")).putCustomer((await import("@/db/client")).getDb()),
    });
    const merged = await summary.GET(
      getRequest("/api/cart/summary", { cookie, authorization: `Bearer ${carol}` }),
      noContext,
    );
    expect(await merged.json()).toEqual({ count: 3 });
    const visitorAgain = await summary.GET(getRequest("/api/cart/summary", { cookie }), noContext);
    expect(await visitorAgain.json()).toEqual({ count: 0 });
  });
});
