/**
 * An order catalog did not answer in time, through store's real route handlers (temp-file
 * database): `GET /api/orders/{id}` shows the rejection and its reason, and the order page's
 * "Put these items back in your cart" puts what is still on sale back into the customer's cart.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sessionToken, setUpRouteEnv, urls } from "@/testing/route-env";

setUpRouteEnv();

type Route = (request: Request, context: unknown) => Promise<Response>;
let orders: { POST: Route };
let orderById: { GET: Route };
let again: { POST: Route };
let alice: string;
let aliceId: string;
let bob: string;

beforeAll(async () => {
  orders = (await import("@/app/api/orders/route")) as unknown as typeof orders;
  orderById = (await import("@/app/api/orders/[id]/route")) as unknown as typeof orderById;
  again = (await import("./route")) as unknown as typeof again;
  const { getDb } = await import("@/db/client");
  const { putOffer, putCustomer } = await import("@/testing/fixtures");
  const db = getDb();
  putOffer(db, { source: "catalog", itemId: "mug", title: "Stoneware Mug", priceCents: 1800, stock: 5 });
  putOffer(db, { source: "catalog", itemId: "kettle", title: "Enamel Kettle", priceCents: 4200, stock: 3 });
  putOffer(db, { source: "music", itemId: "night-drive", title: "Night Drive", priceCents: 999 });
  aliceId = putCustomer(db, "Alice");
  alice = await sessionToken({ sub: aliceId });
  bob = await sessionToken({ sub: putCustomer(db, "Bob") });
});

const idContext = (id: string) => ({ params: Promise.resolve({ id }) });
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

const allThree = [
  { source: "catalog", itemId: "mug", quantity: 2 },
  { source: "catalog", itemId: "kettle", quantity: 1 },
  { source: "music", itemId: "night-drive", quantity: 1 },
];

async function placeTimedOutOrder(lines = allThree): Promise<string> {
  const response = await orders.POST(
    new Request(`${urls.store}/api/orders`, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth(alice) },
      body: JSON.stringify({ lines }),
    }),
    { params: Promise.resolve({}) },
  );
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };
  const { getDb } = await import("@/db/client");
  const { rejectOverdueOrders } = await import("@/domain/orders");
  // The deadline's sweep, as the clock in the store process runs it once the timeout has passed.
  expect(rejectOverdueOrders(getDb(), { timeoutMs: 600_000, now: Date.now() + 600_000 }).rejected).toContain(
    id,
  );
  return id;
}

const postAgain = (id: string, headers: Record<string, string>) =>
  again.POST(
    new Request(`${urls.store}/orders/${id}/again`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      body: "",
    }),
    idContext(id),
  );

describe("an order catalog did not answer in time", () => {
  it("GET /api/orders/{id} shows it rejected with the reason", async () => {
    const id = await placeTimedOutOrder();
    const response = await orderById.GET(
      new Request(`${urls.store}/api/orders/${id}`, { headers: auth(alice) }),
      idContext(id),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      id,
      status: "rejected",
      reason: "catalog did not answer in time",
    });
  });

  it("goes back into the customer's cart in one click, leaving out what is no longer on sale", async () => {
    const id = await placeTimedOutOrder();
    const { getDb } = await import("@/db/client");
    const { putOffer } = await import("@/testing/fixtures");
    const { viewCart } = await import("@/domain/cart");
    // Meanwhile the kettle sold out.
    putOffer(getDb(), {
      source: "catalog",
      itemId: "kettle",
      title: "Enamel Kettle",
      stock: 0,
      available: false,
      version: 2,
    });

    const response = await postAgain(id, { origin: urls.store, ...auth(alice) });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.pathname).toBe("/cart");
    expect(location.searchParams.get("again")).toBe("2");
    expect(location.searchParams.get("cartError")).toBe(
      "Left out: “Enamel Kettle” is out of stock right now.",
    );
    const cart = viewCart(getDb(), { customerId: aliceId, visitorCartId: null });
    expect(cart.lines.map((l) => [l.itemId, l.quantity])).toEqual(
      expect.arrayContaining([
        ["mug", 2],
        ["night-drive", 1],
      ]),
    );
    expect(cart.lines).toHaveLength(2);
  });

  it("is only for the customer's own orders, from store's own pages, signed in", async () => {
    const id = await placeTimedOutOrder([{ source: "catalog", itemId: "mug", quantity: 1 }]);
    expect((await postAgain(id, { origin: urls.store, ...auth(bob) })).status).toBe(404);
    expect((await postAgain(id, { origin: urls.catalog, ...auth(alice) })).status).toBe(403);
    expect((await postAgain(id, { origin: "http://evil.test", ...auth(alice) })).status).toBe(403);
    const signedOut = await postAgain(id, { origin: urls.store });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toMatch(/^\/signin\?returnTo=/);
    expect((await postAgain("no-such-order", { origin: urls.store, ...auth(alice) })).status).toBe(404);
  });
});
