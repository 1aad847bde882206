/**
 * Stock adjustments by people: a delivery arrived, something broke, a count found a different
 * number. Each one changes the product (new version, `catalog.product.upserted` with the new
 * stock) and writes a movement to its history in ONE transaction.
 */
import { transact } from "@scs/messaging/outbox";
import { z } from "zod";
import type { CatalogDb } from "@/db/client";
import { updateProductRow } from "@/db/queries/products";
import { insertStockMovement } from "@/db/queries/stock";
import type { ProductRow, StockMovementRow } from "@/db/schema";
import { ProductError } from "./errors";
import { MAX_STOCK, type Product, recordUpserted, requireProduct, toProduct } from "./products";
import { stockReasonOf } from "./stock-reasons";

/** What a person may record by hand (orders and imports record their own movements). */
export const adjustmentKinds = ["received", "returned", "damaged", "count"] as const;
export type AdjustmentKind = (typeof adjustmentKinds)[number];

export const adjustmentLabels: Record<AdjustmentKind, { label: string; hint: string }> = {
  received: { label: "Received a delivery", hint: "Adds the quantity to the shelf." },
  returned: { label: "Returned by a customer", hint: "Adds the quantity back to the shelf." },
  damaged: { label: "Damaged or lost", hint: "Takes the quantity off the shelf." },
  count: { label: "Stock count", hint: "Sets the stock to the number counted." },
};

/** One schema for the back-office form and `POST /api/products/{id}/stock-adjustments`. */
export const stockAdjustmentSchema = z
  .strictObject({
    kind: z.enum(adjustmentKinds, { error: "Choose a reason: received, returned, damaged or count" }),
    quantity: z
      .number({ error: "Enter a quantity (a whole number)" })
      .int("Enter a whole number")
      .min(0, "The quantity can't be negative")
      .max(MAX_STOCK, "The quantity must be at most 1,000,000"),
    note: z
      .string({ error: "The note must be text" })
      .trim()
      .max(500, "The note is at most 500 characters")
      .default(""),
  })
  .refine((a) => a.kind === "count" || a.quantity > 0, {
    path: ["quantity"],
    message: "Enter how many, at least 1",
  });

export type StockAdjustment = z.output<typeof stockAdjustmentSchema>;

/**
 * The rule of an adjustment: the new stock, or why it can't be. Deliveries and returns add,
 * write-offs take away (never below zero), a count sets the number found.
 */
export function applyAdjustment(
  current: number,
  { kind, quantity }: Pick<StockAdjustment, "kind" | "quantity">,
): { ok: true; stockAfter: number; delta: number } | { ok: false; message: string } {
  let after: number;
  if (kind === "count") after = quantity;
  else if (kind === "damaged") {
    if (quantity > current) {
      return {
        ok: false,
        message:
          current === 0
            ? "Nothing is in stock to write off"
            : `Only ${current} in stock: you can't write off ${quantity}`,
      };
    }
    after = current - quantity;
  } else after = current + quantity;
  if (after > MAX_STOCK) return { ok: false, message: "Stock must stay at most 1,000,000" };
  return { ok: true, stockAfter: after, delta: after - current };
}

/**
 * Records an adjustment of a live product's stock. A count that confirms the stock is kept in the
 * history (delta 0) but is no change of the product: no new version, no event.
 * Throws ProductError "invalid" or "not_found".
 */
export function adjustStock(
  db: CatalogDb,
  productId: string,
  input: unknown,
  { actor, now = Date.now() }: { actor: string; now?: number },
): { product: Product; movement: StockMovementRow } {
  const parsed = stockAdjustmentSchema.safeParse(input);
  if (!parsed.success) {
    throw new ProductError(
      "invalid",
      "Invalid stock adjustment",
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
  }
  const adjustment = parsed.data;
  return transact(db, (tx) => {
    const current = requireProduct(tx, productId);
    const result = applyAdjustment(current.stock, adjustment);
    if (!result.ok) {
      throw new ProductError("invalid", result.message, [{ path: "quantity", message: result.message }]);
    }
    let next: ProductRow = current;
    if (result.delta !== 0) {
      next = { ...current, stock: result.stockAfter, version: current.version + 1, updatedAt: now };
      updateProductRow(tx, current.id, { stock: next.stock, version: next.version, updatedAt: now });
      recordUpserted(tx, next);
    }
    const movement = insertStockMovement(tx, {
      productId: current.id,
      kind: adjustment.kind,
      reason: stockReasonOf(adjustment.kind),
      delta: result.delta,
      stockAfter: result.stockAfter,
      note: adjustment.note,
      actor,
      createdAt: now,
    });
    return { product: toProduct(next), movement };
  });
}
