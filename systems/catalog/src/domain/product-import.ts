/**
 * CSV import of products, row by row. Each valid row goes through the same rules and writes as the
 * back office: a SKU the catalog does not have yet creates a product (like createProduct); a SKU it
 * has updates that product (like updateProduct). Each row is its own transaction — product, stock
 * movement and event together — so a rejected row writes nothing and never stops the others.
 */
import { transact } from "@scs/messaging/outbox";
import { z } from "zod";
import type { CatalogDb } from "@/db/client";
import { findProductBySku } from "@/db/queries/products";
import { type CategorySlug, categories } from "./categories";
import { parseCsv } from "./csv";
import { ProductError } from "./errors";
import { parseEuroInput } from "./money";
import { applyProductPatch, insertNewProduct, productFields } from "./products";

export const MAX_IMPORT_ROWS = 2_000;
export const MAX_IMPORT_BYTES = 1_000_000;

/** The columns, by their normalised header name (case, spaces, dashes and underscores ignored). */
const COLUMNS = {
  sku: "sku",
  title: "title",
  description: "description",
  price: "price",
  pricecents: "priceCents",
  category: "category",
  stock: "stock",
} as const;
type Column = (typeof COLUMNS)[keyof typeof COLUMNS];

export const IMPORT_TEMPLATE = [
  "sku,title,description,price,category,stock",
  'HK-TEAPOT-1,Cast Iron Teapot,"Enamelled inside, 0.9 litres.",42.00,home-kitchen,12',
  'ST-NOTEBOOK-A5,"Dot Grid Notebook, A5",Lies flat; 160 pages of 100 g paper.,14.50,Stationery,40',
].join("\r\n");

export interface ImportIssue {
  /** The CSV column the problem is in, if it is in one. */
  column?: string;
  message: string;
}

export interface ImportRowResult {
  row: number;
  sku: string;
  title: string;
  outcome: "created" | "updated" | "unchanged" | "rejected";
  productId?: string;
  issues: ImportIssue[];
}

export interface ImportReport {
  rows: ImportRowResult[];
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Header columns that are not product fields (they were ignored). */
  ignoredColumns: string[];
}

export type ImportResult = { ok: true; report: ImportReport } | { ok: false; message: string };

const normalise = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, "");

const categoryBySlugOrName = new Map<string, CategorySlug>(
  categories.flatMap((c) => [
    [c.slug, c.slug],
    [c.name.toLowerCase(), c.slug],
    [c.name.toLowerCase().replace(/&/g, "and"), c.slug],
  ]),
);

/** A price cell, in euros ("24.50", "24,50", "€24.50") or in cents ("2450"), as integer cents. */
const priceCell = (column: "price" | "priceCents") =>
  z
    .string()
    .transform((value, ctx) => {
      const cents =
        value === ""
          ? null
          : column === "price"
            ? parseEuroInput(value)
            : /^\d{1,12}$/.test(value)
              ? Number(value)
              : null;
      if (cents === null) {
        ctx.addIssue({
          code: "custom",
          message:
            value === ""
              ? "Price is required"
              : column === "price"
                ? `“${value}” is not a price in euros, e.g. 24.50`
                : `“${value}” is not a whole number of cents, e.g. 2450`,
        });
        return z.NEVER;
      }
      return cents;
    })
    .pipe(productFields.priceCents);

/** One CSV row (cells as text) → the product fields, with the domain's own rules. */
const rowSchemaFor = (priceColumn: "price" | "priceCents") =>
  z.object({
    sku: z.string().pipe(productFields.sku),
    title: z.string().pipe(productFields.title),
    description: z.string().pipe(productFields.description),
    priceCents: priceCell(priceColumn),
    category: z.string().transform((value, ctx) => {
      const slug = categoryBySlugOrName.get(value.trim().toLowerCase());
      if (!slug) {
        ctx.addIssue({
          code: "custom",
          message: `${value === "" ? "Category is required" : `Unknown category “${value}”`}: use one of ${categories.map((c) => c.slug).join(", ")}`,
        });
        return z.NEVER;
      }
      return slug;
    }),
    /** Empty: required for a new product, "keep the current stock" for an existing one. */
    stock: z.string().transform((value, ctx): number | "" => {
      if (value === "") return "";
      const checked = /^-?\d{1,12}$/.test(value)
        ? productFields.stock.safeParse(Number(value))
        : {
            success: false as const,
            error: { issues: [{ message: `“${value}” is not a whole number, e.g. 12` }] },
          };
      if (checked.success) return checked.data;
      for (const issue of checked.error.issues) ctx.addIssue({ code: "custom", message: issue.message });
      return z.NEVER;
    }),
  });

type RowCells = Record<Column, string>;

/** Reads the header: which column holds which field. */
function readHeader(
  cells: string[],
): { ok: true; index: Partial<Record<Column, number>>; ignored: string[] } | { ok: false; message: string } {
  const index: Partial<Record<Column, number>> = {};
  const ignored: string[] = [];
  cells.forEach((cell, i) => {
    const column = COLUMNS[normalise(cell) as keyof typeof COLUMNS];
    if (!column || index[column] !== undefined) {
      if (cell.trim()) ignored.push(cell.trim());
    } else index[column] = i;
  });
  if (index.price !== undefined && index.priceCents !== undefined) {
    return { ok: false, message: "The header has both price and priceCents: keep one of them" };
  }
  const missing = (["sku", "title", "category", "stock"] as const).filter((c) => index[c] === undefined);
  if (index.price === undefined && index.priceCents === undefined) missing.splice(2, 0, "price" as never);
  if (missing.length > 0) {
    return {
      ok: false,
      message: `The first row must name the columns; missing: ${missing.join(", ")}. Expected: sku,title,description,price (or priceCents),category,stock`,
    };
  }
  return { ok: true, index, ignored };
}

/** Maps a domain issue path ("priceCents") to the column the person wrote it in. */
const columnOf = (path: string, priceColumn: string) => (path === "priceCents" ? priceColumn : path);

/** Reads CSV text and imports its valid rows. A file that can't be read at all imports nothing. */
export function importProductsCsv(
  db: CatalogDb,
  csv: string,
  { actor, now = () => Date.now() }: { actor: string; now?: () => number },
): ImportResult {
  const parsed = parseCsv(csv);
  if (!parsed.ok) return { ok: false, message: `${parsed.message}. Nothing was imported.` };
  const [header, ...records] = parsed.records;
  if (!header) return { ok: false, message: "The file is empty." };
  const head = readHeader(header.cells);
  if (!head.ok) return { ok: false, message: `${head.message}. Nothing was imported.` };
  if (records.length === 0) return { ok: false, message: "The file has a header but no product rows." };
  if (records.length > MAX_IMPORT_ROWS) {
    return {
      ok: false,
      message: `The file has ${records.length.toLocaleString("en")} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString("en")} at a time. Nothing was imported.`,
    };
  }
  const priceColumn = head.index.price !== undefined ? "price" : "priceCents";
  const rowSchema = rowSchemaFor(priceColumn);
  const firstRowOfSku = new Map<string, number>();
  const report: ImportReport = {
    rows: [],
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    ignoredColumns: head.ignored,
  };

  for (const record of records) {
    const cell = (column: Column) => {
      const i = head.index[column];
      return i === undefined ? "" : (record.cells[i] ?? "");
    };
    const cells: RowCells = {
      sku: cell("sku"),
      title: cell("title"),
      description: cell("description"),
      price: "",
      priceCents: "",
      category: cell("category"),
      stock: cell("stock"),
    };
    const result: ImportRowResult = {
      row: record.row,
      sku: cells.sku,
      title: cells.title,
      outcome: "rejected",
      issues: [],
    };
    report.rows.push(result);
    const reject = (issues: ImportIssue[]) => {
      result.issues = issues;
      report.rejected++;
    };

    const row = rowSchema.safeParse({ ...cells, priceCents: cell(priceColumn) });
    if (!row.success) {
      reject(
        row.error.issues.map((i) => ({
          column: columnOf(String(i.path[0] ?? ""), priceColumn),
          message: i.message,
        })),
      );
      continue;
    }
    const data = row.data;
    result.sku = data.sku;
    const earlier = firstRowOfSku.get(data.sku);
    if (earlier !== undefined) {
      reject([{ column: "sku", message: `SKU ${data.sku} is already on row ${earlier} of this file` }]);
      continue;
    }
    firstRowOfSku.set(data.sku, record.row);

    try {
      const note = `CSV import, row ${record.row}`;
      transact(db, (tx) => {
        const existing = findProductBySku(tx, data.sku);
        if (!existing) {
          if (data.stock === "")
            throw new ProductError("invalid", "Stock is required for a new product", [
              { path: "stock", message: "Stock is required for a new product" },
            ]);
          const created = insertNewProduct(
            tx,
            { ...data, stock: data.stock },
            { now: now(), actor, stockKind: "import", note },
          );
          result.outcome = "created";
          result.productId = created.id;
          return;
        }
        const { stock, ...rest } = data;
        const patch = {
          ...rest,
          // An empty description or stock keeps what the product has.
          description: data.description === "" ? undefined : data.description,
          stock: stock === "" ? undefined : stock,
        };
        const next = applyProductPatch(tx, existing, patch, { now: now(), actor, stockKind: "import", note });
        result.outcome = next.version === existing.version ? "unchanged" : "updated";
        result.productId = existing.id;
      });
      report[result.outcome as "created" | "updated" | "unchanged"]++;
    } catch (error) {
      if (!(error instanceof ProductError)) throw error;
      result.outcome = "rejected";
      reject(
        error.issues.length > 0
          ? error.issues.map((i) => ({ column: columnOf(i.path, priceColumn), message: i.message }))
          : [{ message: error.message }],
      );
    }
  }
  return { ok: true, report };
}
