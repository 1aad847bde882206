/**
 * A large catalog for the resync benchmark (scripts/lib/bench-resync.mjs): `count` generated
 * products written through catalog's own write path (`insertNewProduct`: row, stock movement and
 * `catalog.product.upserted` event), 1,000 per transaction, some of them then removed (tombstones).
 * Their events are then marked published: a catalog whose replicas got everything long ago, so
 * that a replica that lost its copy can only get it back by asking for a resync.
 *
 * From systems/catalog: `node --import tsx bench/seed-products.ts <sqlite file> <count>`; prints
 * `{"products":…,"removed":…}`. Refuses a catalog that already holds products.
 */
import { eq, isNull } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { hasAnyProduct } from "@/db/queries/products";
import { outbox, products } from "@/db/schema";
import { categorySlugs } from "@/domain/categories";
import { createProductSchema, insertNewProduct } from "@/domain/products";

const [file, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (!file || !Number.isInteger(count) || count < 1)
  throw new Error("usage: seed-products.ts <sqlite file> <count>");

const db = openDatabase(file);
if (hasAnyProduct(db)) throw new Error(`${file} already holds products: seed an empty catalog`);

const BATCH = 1_000;
/** Every 50th product is removed afterwards: a resync re-publishes tombstones too. */
const REMOVED_EVERY = 50;
const start = Date.now() - count * 1_000;
for (let from = 0; from < count; from += BATCH) {
  db.transaction((tx) => {
    for (let i = from; i < Math.min(count, from + BATCH); i++) {
      const data = createProductSchema.parse({
        sku: `RESYNC-${String(i).padStart(6, "0")}`,
        title: `Resync bench product ${i}`,
        description: `Generated product ${i} of ${count}, for the resync benchmark.`,
        priceCents: 500 + ((i * 37) % 20_000),
        category: categorySlugs[i % categorySlugs.length],
        stock: i % 9,
      });
      const row = insertNewProduct(tx, data, { now: start + i * 1_000, actor: "bench" });
      if (i % REMOVED_EVERY === REMOVED_EVERY - 1) {
        tx.update(products)
          .set({ version: row.version + 1, deletedAt: start + i * 1_000, updatedAt: start + i * 1_000 })
          .where(eq(products.id, row.id))
          .run();
      }
    }
  });
}
db.update(outbox).set({ publishedAt: Date.now() }).where(isNull(outbox.publishedAt)).run();
console.log(JSON.stringify({ products: count, removed: Math.floor(count / REMOVED_EVERY) }));
