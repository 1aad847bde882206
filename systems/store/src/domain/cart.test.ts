import { beforeEach, describe, expect, it } from "vitest";
import type { StoreDb } from "@/db/database";
import { findCustomerCart, findVisitorCart } from "@/db/queries/carts";
import { freshDb, putCustomer, putOffer } from "@/testing/fixtures";
import {
  addToCart,
  addToCartFormSchema,
  cartCount,
  cartIdFrom,
  changeCartItem,
  resolveCartId,
  type Shopper,
  viewCart,
} from "./cart";

let db: StoreDb;
beforeEach(() => {
  db = freshDb();
  putOffer(db, { source: "catalog", itemId: "mug", title: "Stoneware Mug", priceCents: 1800, stock: 5 });
  putOffer(db, {
    source: "catalog",
    itemId: "pan",
    title: "Cast Iron Pan",
    priceCents: 4500,
    stock: 0,
    available: false,
  });
  putOffer(db, { source: "music", itemId: "night-drive", title: "Night Drive", priceCents: 999 });
});

const visitor = (visitorCartId: string | null = null): Shopper => ({ customerId: null, visitorCartId });

function addAsVisitor(
  itemId: string,
  quantity = 1,
  cartId: string | null = null,
  source: "catalog" | "music" = "catalog",
) {
  const result = addToCart(db, visitor(cartId), { source, itemId, quantity });
  if (!result.ok) throw new Error(result.message);
  return result.newVisitorCartId ?? result.cartId;
}

describe("adding to a visitor's cart", () => {
  it("creates a cart with a random id for a visitor without one and counts the quantity", () => {
    const result = addToCart(db, visitor(), { source: "catalog", itemId: "mug", quantity: 2 });
    expect(result).toMatchObject({ ok: true, title: "Stoneware Mug" });
    if (!result.ok) return;
    expect(result.newVisitorCartId).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(cartCount(db, visitor(result.newVisitorCartId))).toBe(2);
  });

  it("adds to the same cart and sums quantities, capped at 99", () => {
    const cartId = addAsVisitor("mug", 60);
    expect(addToCart(db, visitor(cartId), { source: "catalog", itemId: "mug", quantity: 60 })).toMatchObject({
      ok: true,
      newVisitorCartId: undefined,
    });
    expect(cartCount(db, visitor(cartId))).toBe(99);
  });

  it("keeps a digital album at quantity 1", () => {
    const cartId = addAsVisitor("night-drive", 1, null, "music");
    addAsVisitor("night-drive", 1, cartId, "music");
    expect(viewCart(db, visitor(cartId)).lines).toMatchObject([{ itemId: "night-drive", quantity: 1 }]);
  });

  it("refuses items the store does not offer, or that are out of stock, with a reason", () => {
    expect(addToCart(db, visitor(), { source: "catalog", itemId: "nope", quantity: 1 })).toEqual({
      ok: false,
      message: "This item is not on sale in the store.",
    });
    expect(addToCart(db, visitor(), { source: "catalog", itemId: "pan", quantity: 1 })).toEqual({
      ok: false,
      message: "“Cast Iron Pan” is out of stock right now.",
    });
    expect(addToCart(db, visitor(), { source: "music", itemId: "mug", quantity: 1 })).toMatchObject({
      ok: false,
    });
  });

  it("never treats a customer's cart as a visitor cart, whatever the cookie says", () => {
    const customerId = putCustomer(db);
    addToCart(db, { customerId, visitorCartId: null }, { source: "catalog", itemId: "mug", quantity: 3 });
    const customerCart = findCustomerCart(db, customerId);
    if (!customerCart) throw new Error("no customer cart");
    // A visitor who sets the cookie to the customer's cart id sees an empty cart, and gets their own.
    expect(viewCart(db, visitor(customerCart.id)).lines).toEqual([]);
    const result = addToCart(db, visitor(customerCart.id), { source: "catalog", itemId: "mug", quantity: 1 });
    expect(result.ok && result.newVisitorCartId).not.toBe(customerCart.id);
    expect(cartCount(db, { customerId, visitorCartId: null })).toBe(3);
  });

  it("accepts only well-formed cart ids from the cookie", () => {
    expect(cartIdFrom("abcdefghijklmnopqrstuvwx")).toBe("abcdefghijklmnopqrstuvwx");
    expect(cartIdFrom("short")).toBeNull();
    expect(cartIdFrom("'; drop table carts; --xxxxxxxx")).toBeNull();
    expect(cartIdFrom(undefined)).toBeNull();
  });
});

describe("signing in merges the visitor's cart into the customer's", () => {
  it("sums quantities (capped at 99), deletes the visitor cart and keeps the customer's items", () => {
    const customerId = putCustomer(db);
    addToCart(db, { customerId, visitorCartId: null }, { source: "catalog", itemId: "mug", quantity: 50 });
    const visitorCart = addAsVisitor("mug", 70);
    addAsVisitor("night-drive", 1, visitorCart, "music");

    const merged = resolveCartId(db, { customerId, visitorCartId: visitorCart });
    expect(merged).toBe(findCustomerCart(db, customerId)?.id);
    expect(findVisitorCart(db, visitorCart)).toBeUndefined();
    const lines = viewCart(db, { customerId, visitorCartId: null }).lines;
    expect(lines.map((l) => [l.itemId, l.quantity])).toEqual([
      ["mug", 99],
      ["night-drive", 1],
    ]);
    // Asking again (the stale cookie) changes nothing.
    expect(cartCount(db, { customerId, visitorCartId: visitorCart })).toBe(100);
  });

  it("creates the customer's cart when they had none", () => {
    const customerId = putCustomer(db);
    const visitorCart = addAsVisitor("mug", 2);
    expect(cartCount(db, { customerId, visitorCartId: visitorCart })).toBe(2);
    expect(findCustomerCart(db, customerId)).toBeDefined();
  });
});

describe("the cart view", () => {
  it("prices lines at store's current copy and totals them", () => {
    const cartId = addAsVisitor("mug", 2);
    addAsVisitor("night-drive", 1, cartId, "music");
    putOffer(db, {
      source: "catalog",
      itemId: "mug",
      title: "Stoneware Mug",
      priceCents: 2000,
      stock: 5,
      version: 2,
    });
    const view = viewCart(db, visitor(cartId));
    expect(view.lines.map((l) => [l.itemId, l.unitPriceCents, l.lineTotalCents, l.problem])).toEqual([
      ["mug", 2000, 4000, null],
      ["night-drive", 999, 999, null],
    ]);
    expect(view).toMatchObject({ count: 3, totalCents: 4999, orderable: true });
  });

  it("flags items that sold out or were removed, leaves them out of the total and blocks checkout", () => {
    const cartId = addAsVisitor("mug", 2);
    addAsVisitor("night-drive", 1, cartId, "music");
    putOffer(db, {
      source: "catalog",
      itemId: "mug",
      title: "Stoneware Mug",
      stock: 0,
      available: false,
      version: 2,
    });
    putOffer(db, { source: "music", itemId: "night-drive", removed: true, available: false, version: 2 });
    const view = viewCart(db, visitor(cartId));
    expect(view.lines.map((l) => l.problem)).toEqual(["unavailable", "removed"]);
    expect(view).toMatchObject({ totalCents: 0, orderable: false });
  });

  it("warns when the quantity is more than the stock store last heard of, but lets the shop decide", () => {
    const cartId = addAsVisitor("mug", 7);
    const view = viewCart(db, visitor(cartId));
    expect(view.lines[0]).toMatchObject({ problem: "low-stock", stock: 5 });
    expect(view.orderable).toBe(true);
  });

  it("updates and removes lines", () => {
    const cartId = addAsVisitor("mug", 2);
    expect(changeCartItem(db, cartId, { source: "catalog", itemId: "mug", quantity: 4 })).toBe(true);
    expect(cartCount(db, visitor(cartId))).toBe(4);
    expect(changeCartItem(db, cartId, { source: "catalog", itemId: "mug", quantity: 0 })).toBe(true);
    expect(cartCount(db, visitor(cartId))).toBe(0);
    expect(changeCartItem(db, cartId, { source: "catalog", itemId: "mug", quantity: 1 })).toBe(false);
  });
});

describe("the add-to-cart form", () => {
  it("defaults the quantity to 1 and accepts 1 to 99", () => {
    expect(addToCartFormSchema.parse({ source: "music", itemId: "a" })).toMatchObject({ quantity: 1 });
    expect(addToCartFormSchema.parse({ source: "catalog", itemId: "p", quantity: "99" })).toMatchObject({
      quantity: 99,
    });
    for (const quantity of ["0", "100", "1.5", "abc", "-1"]) {
      expect(addToCartFormSchema.safeParse({ source: "catalog", itemId: "p", quantity }).success).toBe(false);
    }
    expect(addToCartFormSchema.safeParse({ source: "elsewhere", itemId: "p" }).success).toBe(false);
  });
});
