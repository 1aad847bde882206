import type { Metadata } from "next";
import Link from "next/link";
import { createProductAction } from "@/actions/create-product";
import { requireAdminPage } from "@/auth/session";
import { ProductForm } from "@/components/admin/product-form";
import { categories } from "@/domain/categories";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New product · Back office" };

export default async function NewProductPage() {
  await requireAdminPage("/admin/products/new");
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <Link href="/admin" className="text-sm text-ink-500 hover:text-accent-700">
        ← All products
      </Link>
      <h1 className="mt-3 font-display text-4xl tracking-tight">New product</h1>
      <p className="mt-2 text-ink-700">
        It goes on sale as soon as you save it, in the catalog and at the Store.
      </p>
      <div className="mt-8 rounded-2xl border border-ink-900/10 bg-white p-6 sm:p-8">
        <ProductForm
          action={createProductAction}
          categories={categories}
          submitLabel="Create product"
          initial={{ title: "", sku: "", category: "", price: "", stock: "0", description: "" }}
        />
      </div>
    </div>
  );
}
