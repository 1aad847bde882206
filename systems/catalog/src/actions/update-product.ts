"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { updateProduct } from "@/domain/products";
import { adminFormAction } from "@/lib/admin-action";
import { type ProductFormState, productEditFormSchema } from "@/lib/product-form";

const idSchema = z.object({ id: z.string().min(1).max(100) });

export async function updateProductAction(
  _state: ProductFormState,
  formData: FormData,
): Promise<ProductFormState> {
  const schema = productEditFormSchema.and(idSchema);
  const id = String(formData.get("id") ?? "");
  return adminFormAction(
    formData,
    schema,
    ({ id, ...changes }, actor) => {
      const product = updateProduct(getDb(), id, changes, { actor });
      return `/admin?saved=${encodeURIComponent(product.id)}&v=${product.version}`;
    },
    { returnPath: `/admin/products/${encodeURIComponent(id)}` },
  );
}
