/**
 * Demo data for an empty catalog: `npm run seed -w @scs/catalog` (cwd = systems/catalog, same
 * environment as the server). Idempotent: does nothing once the catalog has held a product.
 * Products go through createProduct like the back office, so each one is in the outbox and
 * reaches the store over RabbitMQ as soon as the relay runs.
 */
import { getDb } from "@/db/client";
import { hasAnyProduct } from "@/db/queries/products";
import { createProduct } from "@/domain/products";
import { demoProducts } from "./demo-products";

/** Interleaves the departments so that "newest" shows a bit of everything. */
function interleaved() {
  const lists = Object.entries(demoProducts).map(([category, items]) =>
    items.map((p) => ({ ...p, category })),
  );
  const longest = Math.max(...lists.map((l) => l.length));
  const out = [];
  for (let i = 0; i < longest; i++) for (const list of lists) if (list[i]) out.push(list[i]);
  return out;
}

export function seed(): number {
  const db = getDb();
  if (hasAnyProduct(db)) return 0;
  const products = interleaved();
  const start = Date.now() - products.length * 60_000;
  // Reversed: the first of each department ends up the newest, so it is featured first.
  products.reverse().forEach((product, i) => {
    createProduct(db, product, { now: start + i * 60_000, actor: "catalog" });
  });
  return products.length;
}

const created = seed();
console.log(
  created > 0
    ? `[catalog] seeded ${created} products in ${Object.keys(demoProducts).length} departments`
    : "[catalog] catalog already has products: seed skipped",
);
