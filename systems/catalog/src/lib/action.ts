/**
 * catalog's binding of the suite's server-action wrapper (`@scs/web/action`): a signed-out
 * visitor goes to store's sign-in and back, and a product's domain error is said on the form.
 */
import { serverActions } from "@scs/web/action";
import { redirect } from "next/navigation";
import { getSession, signInFor } from "@/auth/session";
import { ProductError } from "@/domain/errors";

export const action = serverActions({
  getSession,
  signedOut: (returnPath) => redirect(signInFor(returnPath)),
  notAdministrator: "Only administrators can change the catalog.",
  invalid: "Please correct the highlighted fields.",
  refusalOf: (error) =>
    error instanceof ProductError
      ? {
          message:
            error.kind === "not_found"
              ? "This product no longer exists: someone may have removed it."
              : error.message,
          issues: error.issues,
        }
      : undefined,
});

/** A product's back-office page, where a signed-out editor comes back to. */
export const productPage = (form: FormData) =>
  `/admin/products/${encodeURIComponent(String(form.get("id") ?? ""))}`;
