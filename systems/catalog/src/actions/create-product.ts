"use server";

import { getDb } from "@/db/client";
import { createProduct } from "@/domain/products";
import { adminFormAction } from "@/lib/admin-action";
import { type ProductFormState, productFormSchema } from "@/lib/product-form";

export async function createProductAction(
  _state: ProductFormState,
  formData: FormData,
): Promise<ProductFormState> {
  return adminFormAction(
    formData,
    productFormSchema,
    (input, actor) => {
      const product = createProduct(getDb(), input, { actor });
      return `/admin?created=${encodeURIComponent(product.id)}`;
    },
    { returnPath: "/admin/products/new" },
  );
}
