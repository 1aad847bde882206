import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { updateProductAction } from "@/actions/update-product";
import { requireAdminPage } from "@/auth/admin-page";
import { DeleteProductForm } from "@/components/admin/delete-product-form";
import { ProductForm } from "@/components/admin/product-form";
import { getDb } from "@/db/client";
import { findProduct } from "@/db/queries/products";
import { categories } from "@/domain/categories";
import { centsToInput } from "@/domain/money";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit product · Back office" };

export default async function EditProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdminPage(`/admin/products/${encodeURIComponent(id)}`);
  const product = findProduct(getDb(), id);
  if (!product) notFound();
  return (
    <div className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
      <Link href="/admin" className="text-sm text-ink-500 hover:text-accent-700">
        ← All products
      </Link>
      <div className="mt-3 flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="font-display text-4xl tracking-tight">{product.title}</h1>
        <Link
          href={`/products/${product.id}`}
          className="text-sm font-semibold text-accent-700 hover:underline"
        >
          View in shop →
        </Link>
      </div>
      <p className="mt-2 text-sm text-ink-500">
        <span className="font-mono">{product.id}</span> · version {product.version} · last changed{" "}
        {new Date(product.updatedAt).toLocaleString("en-GB", {
          dateStyle: "medium",
          timeStyle: "short",
          timeZone: "UTC",
        })}{" "}
        UTC
      </p>
      <div className="mt-8 rounded-2xl border border-ink-900/10 bg-white p-6 sm:p-8">
        <ProductForm
          action={updateProductAction}
          productId={product.id}
          categories={categories}
          submitLabel="Save changes"
          initial={{
            title: product.title,
            sku: product.sku,
            category: product.category,
            price: centsToInput(product.priceCents),
            stock: String(product.stock),
            description: product.description,
          }}
        />
      </div>
      <details className="group mt-8 rounded-2xl border border-danger-600/25 bg-white p-6 sm:px-8">
        <summary className="cursor-pointer font-semibold text-danger-600 marker:text-danger-600">
          Remove this product
        </summary>
        <div className="mt-4">
          <DeleteProductForm productId={product.id} title={product.title} />
        </div>
      </details>
    </div>
  );
}
