"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { createProduct } from "@/domain/products";
import { action } from "@/lib/action";
import { formFieldOf, productFormSchema } from "@/lib/product-form";

export const createProductAction = action({
  access: "administrator",
  schema: productFormSchema,
  field: formFieldOf,
  returnPath: () => "/admin/products/new",
  run: (input, { session }) => {
    const product = createProduct(getDb(), input, { actor: session.email });
    redirect(`/admin?created=${encodeURIComponent(product.id)}`);
  },
});
