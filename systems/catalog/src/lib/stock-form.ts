/**
 * The stock adjustment form: its fields arrive as strings, so this schema converts them and then
 * applies the domain's own rules (stockAdjustmentSchema), like the JSON API.
 */
import { z } from "zod";
import { stockAdjustmentSchema } from "@/domain/stock";

/** The form's fields, where its errors are shown. */
export const stockFormFields = ["kind", "quantity", "note"] as const;

export const stockFormSchema = z
  .object({
    id: z.string().min(1).max(100),
    kind: z.string({ error: "Choose a reason" }).refine((v) => v !== "", "Choose a reason"),
    quantity: z
      .string({ error: "Enter a quantity" })
      .trim()
      .min(1, { error: "Enter a quantity", abort: true })
      .regex(/^-?\d+$/, "Enter a whole number, e.g. 12")
      .transform(Number),
    note: z.string().default(""),
  })
  .transform(({ id, ...adjustment }, ctx) => {
    const checked = stockAdjustmentSchema.safeParse(adjustment);
    if (!checked.success) {
      for (const issue of checked.error.issues) ctx.addIssue({ ...issue, code: "custom" });
      return z.NEVER;
    }
    return { id, adjustment: checked.data };
  });
