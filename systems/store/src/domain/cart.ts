/**
 * Carts: a visitor's cart lives under a random id in the `scs_cart` cookie; a customer's cart
 * belongs to their account. The first time a request carries both (right after signing in), the
 * visitor's cart is merged into the customer's (quantities summed, capped at 99) and deleted.
 * Carts hold only items and quantities: prices and availability are always store's current copy.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { StoreDb, StoreTx as Tx } from "@/db/client";
import {
  addCartItem,
  type CartRow,
  cartQuantity,
  cartRows,
  countCartLines,
  findCartItem,
  findCustomerCart,
  findVisitorCart,
  insertCart,
  MAX_CART_LINES,
  MAX_QUANTITY,
  mergeCartInto,
  removeCartItem,
  setCartItemQuantity,
  touchCart,
} from "@/db/queries/carts";
import { findOffer } from "@/db/queries/offers";
import { type OfferSource, offerSources } from "@/db/schema";
import { categoryLabel } from "./offers";

export { MAX_CART_LINES, MAX_QUANTITY };

/** Who is shopping: a signed-in customer and/or the visitor cart named by the cookie. */
export interface Shopper {
  customerId: string | null;
  /** The `scs_cart` cookie's value, if any (not trusted: it is only ever used as a visitor cart). */
  visitorCartId: string | null;
}

/** Random, unguessable visitor cart id (144 bits, base64url). */
export const newCartId = () => randomBytes(18).toString("base64url");

const cartIdPattern = /^[A-Za-z0-9_-]{16,64}$/;
/** The cookie's value if it looks like a cart id, else null. */
export const cartIdFrom = (value: string | undefined | null): string | null =>
  value && cartIdPattern.test(value) ? value : null;

export const itemIdSchema = z.string().trim().min(1, "Choose an item").max(100, "Unknown item");
export const quantitySchema = z.coerce
  .number({ error: "Choose a quantity from 1 to 99" })
  .int("Choose a whole number from 1 to 99")
  .min(1, "Choose a quantity from 1 to 99")
  .max(MAX_QUANTITY, "Choose a quantity from 1 to 99");

/** The fields of every "Add to cart" form in the suite (catalog, music and store's own pages). */
export const addToCartFormSchema = z.object({
  source: z.enum(offerSources, { error: "Choose catalog or music" }),
  itemId: itemIdSchema,
  quantity: z.preprocess((v) => (v === undefined || v === "" ? 1 : v), quantitySchema),
  returnTo: z.string().max(2048).optional(),
});

/**
 * The cart to use for this shopper, without creating one: the customer's (after merging the
 * visitor's cart into it), or the visitor's. Null when there is none yet.
 */
export function resolveCartId(db: StoreDb, shopper: Shopper): string | null {
  if (!shopper.customerId) {
    return shopper.visitorCartId ? (findVisitorCart(db, shopper.visitorCartId)?.id ?? null) : null;
  }
  const customerId = shopper.customerId;
  const visitorCartId = shopper.visitorCartId;
  if (visitorCartId && findVisitorCart(db, visitorCartId)) {
    return db.transaction((tx) => mergeVisitorCart(tx, visitorCartId, customerId), { behavior: "immediate" });
  }
  return findCustomerCart(db, customerId)?.id ?? null;
}

/** Merges a visitor cart into the customer's cart (created if needed); returns the customer's cart id. */
export function mergeVisitorCart(tx: Tx, visitorCartId: string, customerId: string): string {
  const now = Date.now();
  const target = ensureCustomerCart(tx, customerId, now);
  if (findVisitorCart(tx, visitorCartId)) mergeCartInto(tx, visitorCartId, target, now);
  return target;
}

function ensureCustomerCart(tx: Tx, customerId: string, now: number): string {
  const existing = findCustomerCart(tx, customerId);
  if (existing) return existing.id;
  const id = newCartId();
  insertCart(tx, { id, customerId, createdAt: now, updatedAt: now });
  return id;
}

/** The shopper's cart, created if needed; `newVisitorCartId` is set when a cookie must be issued. */
function ensureCart(tx: Tx, shopper: Shopper, now: number): { cartId: string; newVisitorCartId?: string } {
  if (shopper.customerId) {
    const cartId = ensureCustomerCart(tx, shopper.customerId, now);
    if (shopper.visitorCartId && findVisitorCart(tx, shopper.visitorCartId)) {
      mergeCartInto(tx, shopper.visitorCartId, cartId, now);
    }
    return { cartId };
  }
  if (shopper.visitorCartId && findVisitorCart(tx, shopper.visitorCartId)) {
    return { cartId: shopper.visitorCartId };
  }
  const id = newCartId();
  insertCart(tx, { id, customerId: null, createdAt: now, updatedAt: now });
  return { cartId: id, newVisitorCartId: id };
}

export type AddToCartResult =
  | { ok: true; cartId: string; newVisitorCartId?: string; title: string }
  | { ok: false; message: string };

/** Adds an item the store offers and that is available; anything else is refused with a reason. */
export function addToCart(
  db: StoreDb,
  shopper: Shopper,
  item: { source: OfferSource; itemId: string; quantity: number },
): AddToCartResult {
  return db.transaction(
    (tx): AddToCartResult => {
      const offer = findOffer(tx, item.source, item.itemId);
      if (!offer || offer.removed) return { ok: false, message: "This item is not on sale in the store." };
      if (!offer.available) return { ok: false, message: `“${offer.title}” is out of stock right now.` };
      const now = Date.now();
      const { cartId, newVisitorCartId } = ensureCart(tx, shopper, now);
      const known = findCartItem(tx, cartId, item.source, item.itemId);
      if (!known && countCartLines(tx, cartId) >= MAX_CART_LINES) {
        return { ok: false, message: `Your cart already holds ${MAX_CART_LINES} different items.` };
      }
      addCartItem(tx, { cartId, ...item, addedAt: now });
      touchCart(tx, cartId, now);
      return { ok: true, cartId, newVisitorCartId, title: offer.title };
    },
    { behavior: "immediate" },
  );
}

/**
 * Puts several items into a customer's cart in one transaction (ordering a rejected order again):
 * each one store still offers and that is available, quantities added to what the cart holds.
 * Returns how many went in and, in words, what was left out and why.
 */
export function addItemsToCustomerCart(
  db: StoreDb,
  customerId: string,
  items: { source: OfferSource; itemId: string; quantity: number; title: string }[],
): { added: number; leftOut: string[] } {
  return db.transaction(
    (tx) => {
      const now = Date.now();
      const cartId = ensureCustomerCart(tx, customerId, now);
      const leftOut: string[] = [];
      let added = 0;
      for (const item of items) {
        const offer = findOffer(tx, item.source, item.itemId);
        if (!offer || offer.removed) {
          leftOut.push(`“${item.title}” is no longer sold`);
        } else if (!offer.available) {
          leftOut.push(`“${offer.title}” is out of stock right now`);
        } else if (
          !findCartItem(tx, cartId, item.source, item.itemId) &&
          countCartLines(tx, cartId) >= MAX_CART_LINES
        ) {
          leftOut.push(`“${offer.title}” did not fit: a cart holds ${MAX_CART_LINES} different items`);
        } else {
          addCartItem(tx, {
            cartId,
            source: item.source,
            itemId: item.itemId,
            quantity: item.quantity,
            addedAt: now,
          });
          added++;
        }
      }
      if (added > 0) touchCart(tx, cartId, now);
      return { added, leftOut };
    },
    { behavior: "immediate" },
  );
}

/** Sets the quantity of an item already in the cart; 0 removes it. */
export function changeCartItem(
  db: StoreDb,
  cartId: string,
  item: { source: OfferSource; itemId: string; quantity: number },
): boolean {
  return db.transaction(
    (tx) => {
      const changed =
        item.quantity === 0
          ? removeCartItem(tx, cartId, item.source, item.itemId)
          : setCartItemQuantity(tx, cartId, item.source, item.itemId, item.quantity);
      if (changed) touchCart(tx, cartId, Date.now());
      return changed;
    },
    { behavior: "immediate" },
  );
}

/** How many items (total quantity) the shopper's cart holds: the header's number. */
export function cartCount(db: StoreDb, shopper: Shopper): number {
  const cartId = resolveCartId(db, shopper);
  return cartId ? cartQuantity(db, cartId) : 0;
}

/** Why a line cannot be ordered as it is, if at all. */
export type LineProblem = "removed" | "unavailable" | "low-stock" | null;

export interface CartLine {
  source: OfferSource;
  itemId: string;
  quantity: number;
  title: string;
  /** Artist (music) or category (catalog). */
  subtitle: string;
  image: string;
  unitPriceCents: number;
  lineTotalCents: number;
  currency: string;
  /** Units in stock as store last heard (catalog), null for music. */
  stock: number | null;
  problem: LineProblem;
  /** When store last applied a change to its copy of the item (ms), null if never held. */
  updatedAt: number | null;
}

export interface CartView {
  cartId: string | null;
  lines: CartLine[];
  /** Total quantity of all lines. */
  count: number;
  /** Sum of the lines that can be ordered, at current prices. */
  totalCents: number;
  currency: string;
  /** True when the cart has lines and none of them is removed or unavailable. */
  orderable: boolean;
}

export function lineOf(row: CartRow): CartLine {
  const offer = row.offer && !row.offer.removed ? row.offer : undefined;
  const problem: LineProblem = !offer
    ? "removed"
    : !offer.available
      ? "unavailable"
      : offer.stock !== null && offer.stock < row.quantity
        ? "low-stock"
        : null;
  const unitPriceCents = offer?.priceCents ?? 0;
  return {
    source: row.source,
    itemId: row.itemId,
    quantity: row.quantity,
    title: offer?.title || row.offer?.title || "Item no longer on sale",
    subtitle: (offer?.source === "music" ? offer.artist : offer && categoryLabel(offer.category)) ?? "",
    image: offer?.image ?? "",
    unitPriceCents,
    lineTotalCents: unitPriceCents * row.quantity,
    currency: offer?.currency ?? "EUR",
    stock: offer?.stock ?? null,
    problem,
    updatedAt: row.offer?.updatedAt ?? null,
  };
}

export const isOrderable = (line: Pick<CartLine, "problem">) =>
  line.problem === null || line.problem === "low-stock";

export function viewOfRows(cartId: string | null, rows: CartRow[]): CartView {
  const lines = rows.map(lineOf);
  const orderableLines = lines.filter(isOrderable);
  return {
    cartId,
    lines,
    count: lines.reduce((n, l) => n + l.quantity, 0),
    totalCents: orderableLines.reduce((n, l) => n + l.lineTotalCents, 0),
    currency: "EUR",
    orderable: lines.length > 0 && orderableLines.length === lines.length,
  };
}

/** The shopper's cart with current prices and availability (an empty view when there is none). */
export function viewCart(db: StoreDb, shopper: Shopper): CartView {
  const cartId = resolveCartId(db, shopper);
  return viewOfRows(cartId, cartId ? cartRows(db, cartId) : []);
}
