"use server";

import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { getSession, isAdmin, signInFor } from "@/auth/session";
import { getDb } from "@/db/client";
import { ProductError } from "@/domain/errors";
import { adjustStock } from "@/domain/stock";
import { stockFormSchema, stockFormValues } from "@/lib/stock-form";
import { type StockFormField, type StockFormState, stockFormFields } from "@/lib/stock-form-state";

const fieldOf = (path: string): StockFormField | undefined =>
  (stockFormFields as readonly string[]).includes(path) ? (path as StockFormField) : undefined;

function errorState(
  message: string,
  issues: { path: string; message: string }[],
  formData: FormData,
): StockFormState {
  const errors: StockFormState["errors"] = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path);
    if (field && !errors[field]) errors[field] = issue.message;
  }
  return { status: "error", message, errors, values: stockFormValues(formData), attempt: randomUUID() };
}

/** Records a stock adjustment from the product's back-office page. */
export async function adjustStockAction(_state: StockFormState, formData: FormData): Promise<StockFormState> {
  const id = String(formData.get("id") ?? "");
  const page = `/admin/products/${encodeURIComponent(id)}`;
  const session = await getSession();
  if (!session) redirect(signInFor(page));
  if (!isAdmin(session)) return errorState("Only administrators can change stock.", [], formData);

  const parsed = stockFormSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return errorState("Please correct the highlighted fields.", issues, formData);
  }
  let movementId: number;
  try {
    movementId = adjustStock(getDb(), parsed.data.id, parsed.data.adjustment, { actor: session.email })
      .movement.id;
  } catch (error) {
    if (!(error instanceof ProductError)) throw error;
    const message =
      error.kind === "not_found"
        ? "This product no longer exists: someone may have removed it."
        : error.issues.some((i) => fieldOf(i.path))
          ? "Nothing was recorded: please correct the highlighted field."
          : error.message;
    return errorState(message, error.issues, formData);
  }
  redirect(`${page}?adjusted=${movementId}#stock`);
}
