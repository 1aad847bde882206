"use server";

import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { ProductError } from "@/domain/errors";
import { adjustStock } from "@/domain/stock";
import { action, productPage } from "@/lib/action";
import { stockFormFields, stockFormSchema } from "@/lib/stock-form";

const fieldOf = (path: string) => ((stockFormFields as readonly string[]).includes(path) ? path : undefined);

/** Records a stock adjustment from the product's back-office page. */
export const adjustStockAction = action({
  access: "administrator",
  schema: stockFormSchema,
  field: fieldOf,
  returnPath: productPage,
  notAdministrator: "Only administrators can change stock.",
  run: ({ id, adjustment }, { session, form, refuse }) => {
    let movementId: number;
    try {
      movementId = adjustStock(getDb(), id, adjustment, { actor: session.email }).movement.id;
    } catch (error) {
      // A rule of the adjustment broken (more out than in stock): said at its field.
      if (
        error instanceof ProductError &&
        error.kind !== "not_found" &&
        error.issues.some((i) => fieldOf(i.path))
      )
        return refuse({
          message: "Nothing was recorded: please correct the highlighted field.",
          issues: error.issues,
        });
      throw error;
    }
    redirect(`${productPage(form)}?adjusted=${movementId}#stock`);
  },
});
