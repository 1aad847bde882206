"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { deleteProduct } from "@/domain/products";
import { adminFormAction } from "@/lib/admin-action";
import type { ProductFormState } from "@/lib/product-form";

const deleteSchema = z.object({
  id: z.string().min(1).max(100),
  confirm: z.literal("yes", { error: "Tick the box to confirm" }),
});

export async function deleteProductAction(
  _state: ProductFormState,
  formData: FormData,
): Promise<ProductFormState> {
  const id = String(formData.get("id") ?? "");
  return adminFormAction(
    formData,
    deleteSchema,
    (input) => {
      deleteProduct(getDb(), input.id);
      return `/admin?deleted=${encodeURIComponent(input.id)}`;
    },
    { returnPath: `/admin/products/${encodeURIComponent(id)}` },
  );
}
