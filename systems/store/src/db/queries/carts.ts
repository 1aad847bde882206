/** Reading and writing carts and their items. Writes take the caller's transaction. */
import { and, asc, count, eq, isNull, sql } from "drizzle-orm";
import type { Conn, StoreTx as Tx } from "../client";
import { type Cart, cartItems, carts, type Offer, type OfferSource, offers } from "../schema";

/** The most of one item a cart holds. */
export const MAX_QUANTITY = 99;
/** The most distinct items a cart holds (an order has at most 100 lines). */
export const MAX_CART_LINES = 100;

/** A visitor's cart (never a customer's: a cookie must not open someone's account cart). */
export function findVisitorCart(db: Conn, id: string): Cart | undefined {
  return db
    .select()
    .from(carts)
    .where(and(eq(carts.id, id), isNull(carts.customerId)))
    .get();
}

export function findCustomerCart(db: Conn, customerId: string): Cart | undefined {
  return db.select().from(carts).where(eq(carts.customerId, customerId)).get();
}

export function insertCart(tx: Tx, cart: Cart): void {
  tx.insert(carts).values(cart).run();
}

export function touchCart(tx: Tx, id: string, at: number): void {
  tx.update(carts).set({ updatedAt: at }).where(eq(carts.id, id)).run();
}

export function deleteCart(tx: Tx, id: string): void {
  tx.delete(carts).where(eq(carts.id, id)).run();
}

/** The most of one item a cart holds: a digital album is bought once, goods up to MAX_QUANTITY. */
export const maxQuantityOf = (source: OfferSource) => (source === "music" ? 1 : MAX_QUANTITY);

/** Adds `quantity` of an item (or more of it), capped at the item's maximum. */
export function addCartItem(
  tx: Tx,
  item: { cartId: string; source: OfferSource; itemId: string; quantity: number; addedAt: number },
): void {
  const cap = maxQuantityOf(item.source);
  tx.insert(cartItems)
    .values({ ...item, quantity: Math.min(item.quantity, cap) })
    .onConflictDoUpdate({
      target: [cartItems.cartId, cartItems.source, cartItems.itemId],
      set: { quantity: sql`min(${cartItems.quantity} + excluded.quantity, ${cap})` },
    })
    .run();
}

const itemIs = (cartId: string, source: OfferSource, itemId: string) =>
  and(eq(cartItems.cartId, cartId), eq(cartItems.source, source), eq(cartItems.itemId, itemId));

export function findCartItem(db: Conn, cartId: string, source: OfferSource, itemId: string) {
  return db
    .select()
    .from(cartItems)
    .where(itemIs(cartId, source, itemId))
    .get();
}

/** Sets an item's quantity; returns false when the item is not in the cart. */
export function setCartItemQuantity(
  tx: Tx,
  cartId: string,
  source: OfferSource,
  itemId: string,
  quantity: number,
): boolean {
  return (
    tx
      .update(cartItems)
      .set({ quantity: Math.min(quantity, maxQuantityOf(source)) })
      .where(itemIs(cartId, source, itemId))
      .run().changes > 0
  );
}

export function removeCartItem(tx: Tx, cartId: string, source: OfferSource, itemId: string): boolean {
  return (
    tx
      .delete(cartItems)
      .where(itemIs(cartId, source, itemId))
      .run().changes > 0
  );
}

export function clearCart(tx: Tx, cartId: string): void {
  tx.delete(cartItems).where(eq(cartItems.cartId, cartId)).run();
}

export function countCartLines(db: Conn, cartId: string): number {
  return db.select({ n: count() }).from(cartItems).where(eq(cartItems.cartId, cartId)).get()?.n ?? 0;
}

/** Total quantity of every item in the cart (what the header shows). */
export function cartQuantity(db: Conn, cartId: string): number {
  return (
    db
      .select({ n: sql<number | null>`sum(${cartItems.quantity})` })
      .from(cartItems)
      .where(eq(cartItems.cartId, cartId))
      .get()?.n ?? 0
  );
}

export interface CartRow {
  source: OfferSource;
  itemId: string;
  quantity: number;
  addedAt: number;
  /** store's copy of the item; undefined if store never held it. */
  offer: Offer | undefined;
}

/** The cart's items, oldest first, each with store's current copy of the item. */
export function cartRows(db: Conn, cartId: string): CartRow[] {
  return db
    .select({ item: cartItems, offer: offers })
    .from(cartItems)
    .leftJoin(offers, and(eq(offers.source, cartItems.source), eq(offers.itemId, cartItems.itemId)))
    .where(eq(cartItems.cartId, cartId))
    .orderBy(asc(cartItems.addedAt), asc(cartItems.source), asc(cartItems.itemId))
    .all()
    .map(({ item, offer }) => ({
      source: item.source,
      itemId: item.itemId,
      quantity: item.quantity,
      addedAt: item.addedAt,
      offer: offer ?? undefined,
    }));
}

/** Moves every item of one cart into another (quantities summed, capped) and deletes the first. */
export function mergeCartInto(tx: Tx, fromId: string, toId: string, at: number): number {
  const items = tx.select().from(cartItems).where(eq(cartItems.cartId, fromId)).all();
  for (const item of items) addCartItem(tx, { ...item, cartId: toId, addedAt: item.addedAt });
  deleteCart(tx, fromId);
  if (items.length > 0) touchCart(tx, toId, at);
  return items.length;
}
