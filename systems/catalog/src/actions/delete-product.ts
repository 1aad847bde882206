"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { deleteProduct } from "@/domain/products";
import { action, productPage } from "@/lib/action";
import { formFieldOf } from "@/lib/product-form";

const deleteSchema = z.object({
  id: z.string().min(1).max(100),
  confirm: z.literal("yes", { error: "Tick the box to confirm" }),
});

export const deleteProductAction = action({
  access: "administrator",
  schema: deleteSchema,
  field: formFieldOf,
  returnPath: productPage,
  run: (input) => {
    deleteProduct(getDb(), input.id);
    redirect(`/admin?deleted=${encodeURIComponent(input.id)}`);
  },
});
