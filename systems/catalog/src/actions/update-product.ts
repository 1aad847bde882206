"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { updateProduct } from "@/domain/products";
import { adminFormAction } from "@/lib/admin-action";
import { type ProductFormState, productFormSchema } from "@/lib/product-form";

const idSchema = z.object({ id: z.string().min(1).max(100) });

export async function updateProductAction(
  _state: ProductFormState,
  formData: FormData,
): Promise<ProductFormState> {
  const schema = productFormSchema.and(idSchema);
  const id = String(formData.get("id") ?? "");
  return adminFormAction(
    formData,
    schema,
    ({ id, ...changes }) => {
      const product = updateProduct(getDb(), id, changes);
      return `/admin?saved=${encodeURIComponent(product.id)}&v=${product.version}`;
    },
    { returnPath: `/admin/products/${encodeURIComponent(id)}` },
  );
}
