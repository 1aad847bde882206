/**
 * music's binding of the suite's server-action wrapper (`@scs/web/action`): a back-office form
 * whose session has ended says so (the editor keeps what was typed), and a conflict or a missing
 * album is said on the form.
 */
import { serverActions } from "@scs/web/action";
import { getSession } from "@/auth/session";
import { ConflictError, NotFoundError } from "@/domain/errors";

export const action = serverActions({
  getSession,
  signedOut: () => "Your session has ended. Sign in again to save your changes.",
  notAdministrator: "Only administrators can change the catalogue.",
  invalid: "Some fields need your attention.",
  refusalOf: (error) =>
    error instanceof ConflictError || error instanceof NotFoundError ? { message: error.message } : undefined,
});
