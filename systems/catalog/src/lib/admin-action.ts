/**
 * The one wrapper every back-office action is built from: checks the administrator session,
 * parses the form with its schema, runs the domain operation and turns its errors into
 * per-field messages; on success it redirects (outside the try, so Next's redirect passes).
 */
import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import type { z } from "zod";
import { getSession, isAdmin, signInFor } from "@/auth/session";
import { ProductError } from "@/domain/errors";
import { formFieldOf, formValues, type ProductFormState } from "./product-form";

export async function adminFormAction<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  /** Runs the change as `actor` (the administrator's email) and returns where to go next. */
  work: (data: z.output<S>, actor: string) => string,
  { returnPath = "/admin" }: { returnPath?: string } = {},
): Promise<ProductFormState> {
  const session = await getSession();
  if (!session) redirect(signInFor(returnPath));
  const values = formValues(formData);
  if (!isAdmin(session)) {
    return {
      status: "error",
      message: "Only administrators can change the catalog.",
      errors: {},
      values,
      attempt: randomUUID(),
    };
  }
  const parsed = schema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) {
    const { errors, other } = fieldErrors(
      parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    );
    return {
      status: "error",
      message: other[0] ?? "Please correct the highlighted fields.",
      errors,
      values,
      attempt: randomUUID(),
    };
  }
  let target: string;
  try {
    target = work(parsed.data, session.email);
  } catch (error) {
    if (!(error instanceof ProductError)) throw error;
    const { errors } = fieldErrors(error.issues);
    const message =
      error.kind === "not_found"
        ? "This product no longer exists: someone may have removed it."
        : error.message;
    return { status: "error", message, errors, values, attempt: randomUUID() };
  }
  redirect(target);
}

/** Issues on form fields become per-field messages (the first per field); the rest stay general. */
function fieldErrors(issues: { path: string; message: string }[]) {
  const errors: ProductFormState["errors"] = {};
  const other: string[] = [];
  for (const issue of issues) {
    const field = formFieldOf(issue.path);
    if (!field) other.push(issue.message);
    else if (!errors[field]) errors[field] = issue.message;
  }
  return { errors, other };
}
