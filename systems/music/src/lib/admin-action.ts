/**
 * The one wrapper every back-office server action is built from: it checks the administrator's
 * session first, reads the form into the operation's schema input, validates it with that same
 * schema (the one the JSON API uses) and hands per-field messages back to the form.
 */
import type { z } from "zod";
import { getSession, isAdmin, type Session } from "@/auth/session";
import { ConflictError, NotFoundError } from "@/domain/errors";
import type { FormState } from "./form-state";

/** Zod issues → one message per field path (the first one wins). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The plain text fields of a form, to show the submitted values again. */
export function submittedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] ??= value;
  }
  return values;
}

export function adminAction<S extends z.ZodType>(
  schema: S,
  read: (form: FormData) => unknown,
  run: (input: z.infer<S>, context: { form: FormData; session: Session }) => FormState | Promise<FormState>,
) {
  return async (_previous: FormState, form: FormData): Promise<FormState> => {
    const session = await getSession();
    if (!session)
      return { tone: "error", message: "Your session has ended. Sign in again to save your changes." };
    if (!isAdmin(session)) return { tone: "error", message: "Only administrators can change the catalogue." };
    const values = submittedValues(form);
    const parsed = schema.safeParse(read(form));
    if (!parsed.success) {
      return {
        tone: "error",
        message: "Some fields need your attention.",
        errors: fieldErrors(parsed.error),
        values,
      };
    }
    try {
      return await run(parsed.data, { form, session });
    } catch (error) {
      if (error instanceof ConflictError || error instanceof NotFoundError) {
        return { tone: "error", message: error.message, values };
      }
      throw error;
    }
  };
}
