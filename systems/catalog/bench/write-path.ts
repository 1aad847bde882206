/**
 * catalog's write path alone, without a broker: price edits through `updateProduct` (the product
 * row and its `catalog.product.upserted` event in the outbox, one transaction each) on a real
 * database file. Prints, for each of a few rounds, µs per edit by the wall clock and in CPU time
 * (user + system, all threads; on a shared machine compare the CPU figure) and the WAL frames an
 * edit writes: every page a commit changes is one frame, written now and copied again by a
 * checkpoint. Checkpoints are held off during a round so that the frames can be counted; they are
 * not in its time. Run from systems/catalog with `node --import tsx bench/write-path.ts [edits]`.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The domain reads the web app's environment when loaded; no session is verified here (as in
// vitest.config.ts).
process.env.SESSION_PUBLIC_JWK ??= '{"kty":"EC","crv":"P-256","x":"unused","y":"unused"}';
const { openDatabase } = await import("@/db/client");
const { createProduct, updateProduct } = await import("@/domain/products");

const edits = Number(process.argv[2] ?? 20_000);
const PRODUCTS = 100;

const folder = mkdtempSync(path.join(tmpdir(), "catalog-write-path-"));
const file = path.join(folder, "catalog.sqlite");
const db = openDatabase(file);
const sqlite = db.$client;
const pageSize = sqlite.pragma("page_size", { simple: true }) as number;

const productIds = Array.from(
  { length: PRODUCTS },
  (_, i) =>
    createProduct(db, {
      sku: `BENCH-${String(i).padStart(5, "0")}`,
      title: `Bench product ${i}`,
      description: "A product of the benchmark.",
      priceCents: 1_000,
      category: "home-kitchen",
      stock: 10,
    }).id,
);

let edited = 0;
function edit(): void {
  edited++;
  updateProduct(
    db,
    productIds[edited % PRODUCTS] as string,
    { priceCents: 1_000 + edited },
    { actor: "bench" },
  );
}

/** A round of edits; the outbox keeps every row (nothing publishes here), as it grows in a busy hour. */
function round(): { us: number; cpuUs: number; frames: number } {
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.pragma("wal_autocheckpoint = 0");
  const start = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < edits; i++) edit();
  const us = Number(process.hrtime.bigint() - start) / 1_000 / edits;
  const cpu = process.cpuUsage(cpuBefore);
  const frames = statSync(`${file}-wal`).size / (pageSize + 24) / edits;
  const cpuUs = (cpu.user + cpu.system) / edits;
  console.log(
    `${edits} edits: ${us.toFixed(2)} µs/edit, CPU ${cpuUs.toFixed(2)} µs/edit, ${frames.toFixed(2)} WAL frames/edit`,
  );
  return { us, cpuUs, frames };
}

round(); // warm-up: the statements prepared, the outbox's B-trees a few levels deep
const results = Array.from({ length: 5 }, round);
for (const key of ["us", "cpuUs", "frames"] as const) {
  const sorted = results.map((r) => r[key]).sort((a, b) => a - b);
  const unit = key === "frames" ? "WAL frames/edit" : "µs/edit";
  console.log(
    `${{ us: "wall", cpuUs: "CPU", frames: "WAL" }[key]}: median ${sorted[2]?.toFixed(2)} ${unit} (min ${sorted[0]?.toFixed(2)}, max ${sorted[4]?.toFixed(2)})`,
  );
}
sqlite.close();
rmSync(folder, { recursive: true, force: true });
