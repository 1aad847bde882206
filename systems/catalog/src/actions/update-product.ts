"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { updateProduct } from "@/domain/products";
import { action, productPage } from "@/lib/action";
import { formFieldOf, productEditFormSchema } from "@/lib/product-form";

const idSchema = z.object({ id: z.string().min(1).max(100) });

export const updateProductAction = action({
  access: "administrator",
  schema: productEditFormSchema.and(idSchema),
  field: formFieldOf,
  returnPath: productPage,
  run: ({ id, ...changes }, { session }) => {
    const product = updateProduct(getDb(), id, changes, { actor: session.email });
    redirect(`/admin?saved=${encodeURIComponent(product.id)}&v=${product.version}`);
  },
});
