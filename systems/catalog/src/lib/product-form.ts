/**
 * The back-office product form: its fields arrive as strings (price in euros), so this schema
 * converts them and then applies the domain's own field rules (productFields), so the form and
 * the JSON API can never disagree about what a valid product is.
 */
import { z } from "zod";
import { parseEuroInput } from "@/domain/money";
import { productFields } from "@/domain/products";
import { type ProductFormField, productFormFields } from "./product-form-state";

const text = z.string({ error: "Required" });

const formFields = {
  title: text.pipe(productFields.title),
  sku: text.pipe(productFields.sku),
  category: z
    .string({ error: "Choose a department" })
    .refine((v) => v !== "", "Choose a department")
    .pipe(productFields.category),
  price: text
    .transform((value, ctx) => {
      if (value.trim() === "") {
        ctx.addIssue({ code: "custom", message: "Enter a price" });
        return z.NEVER;
      }
      const cents = parseEuroInput(value);
      if (cents === null) {
        ctx.addIssue({ code: "custom", message: "Enter a price in euros, e.g. 24.50" });
        return z.NEVER;
      }
      return cents;
    })
    .pipe(productFields.priceCents),
  stock: text
    .trim()
    .regex(/^-?\d+$/, "Enter a whole number, e.g. 12")
    .transform(Number)
    .pipe(productFields.stock),
  description: z.string().default("").pipe(productFields.description),
};

/** The "new product" form: every field, the stock included (recorded as the initial stock). */
export const productFormSchema = z
  .object(formFields)
  .transform(({ price, ...rest }) => ({ ...rest, priceCents: price }));

/**
 * The edit form has no stock field: stock changes are adjustments with a reason
 * (src/domain/stock.ts), so that every one of them is in the product's history.
 */
export const productEditFormSchema = z
  .object(formFields)
  .omit({ stock: true })
  .transform(({ price, ...rest }) => ({ ...rest, priceCents: price }));

/** Domain issue paths are the API's field names; the form calls the price "price". */
export function formFieldOf(path: string): ProductFormField | undefined {
  const head = path.split(".")[0] ?? "";
  if (head === "priceCents") return "price";
  return (productFormFields as readonly string[]).includes(head) ? (head as ProductFormField) : undefined;
}
