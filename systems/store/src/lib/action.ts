/**
 * store's binding of the suite's server-action wrapper (`@scs/web/action`): a signed-out visitor
 * goes to store's own sign-in and back, and a refused account change is said at its field or on
 * the form.
 */
import { serverActions } from "@scs/web/action";
import { redirect } from "next/navigation";
import { getSession } from "@/auth/session";
import { AccountChangeRefused } from "@/domain/account-changes";

export const action = serverActions({
  getSession,
  signedOut: (returnPath) => redirect(`/signin?returnTo=${encodeURIComponent(returnPath)}`),
  notAdministrator: "Only administrators can change accounts.",
  refusalOf: (error) =>
    error instanceof AccountChangeRefused
      ? error.field
        ? { issues: [{ path: error.field, message: error.message }] }
        : { message: error.message }
      : undefined,
});
