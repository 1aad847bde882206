import type { Metadata } from "next";
import Link from "next/link";
import { requireAdminPage } from "@/auth/session";
import { ImportForm } from "@/components/admin/import-form";
import { categories } from "@/domain/categories";
import { MAX_IMPORT_ROWS } from "@/domain/product-import";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import products · Back office" };

const columns = [
  ["sku", "Required. Letters, digits, dots, dashes. An SKU the catalog has updates that product."],
  ["title", "Required, up to 200 characters."],
  ["description", "Optional. Empty keeps an existing product's description."],
  ["price", "Required, in euros: 24.50, 24,50 or €24.50 — or a priceCents column in cents: 2450."],
  ["category", "Required: a department's slug or name (“home-kitchen” or “Home & Kitchen”)."],
  ["stock", "Required for a new product. Empty keeps an existing product's stock."],
] as const;

export default async function ImportPage() {
  await requireAdminPage("/admin/import");
  return (
    <div className="mx-auto max-w-6xl px-4 py-10 sm:px-6">
      <Link href="/admin" className="text-sm text-ink-500 hover:text-accent-700">
        ← All products
      </Link>
      <h1 className="mt-3 font-display text-4xl tracking-tight">Import products</h1>
      <p className="mt-2 max-w-2xl text-ink-700">
        Upload a CSV file from your spreadsheet. Rows with a new SKU become new products; rows with an SKU the
        catalog already has update that product. Each row is checked on its own: good rows are imported, and
        you get a list of the others with what to fix.
      </p>

      <div className="mt-8 grid items-start gap-8 lg:grid-cols-[1.4fr_1fr]">
        <ImportForm />
        <aside
          aria-labelledby="columns-heading"
          className="rounded-2xl border border-ink-900/10 bg-paper-deep/50 p-6 text-sm"
        >
          <h2 id="columns-heading" className="font-display text-xl">
            The columns
          </h2>
          <p className="mt-1 text-ink-700">
            The first row names them, in any order. Comma, semicolon or tab separated; up to{" "}
            {MAX_IMPORT_ROWS.toLocaleString("en")} rows and 1 MB per file.
          </p>
          <dl className="mt-4 space-y-3">
            {columns.map(([name, text]) => (
              <div key={name}>
                <dt className="font-mono text-xs font-semibold text-ink-900">{name}</dt>
                <dd className="text-ink-700">{text}</dd>
              </div>
            ))}
          </dl>
          <p className="mt-4 text-xs text-ink-500">
            Departments: {categories.map((c) => c.slug).join(", ")}.
          </p>
          <a href="/admin/import/template.csv" download className="btn-ghost mt-5">
            Download a sample file
          </a>
        </aside>
      </div>
    </div>
  );
}
