"use server";
/**
 * The account page's password change: checks the current password (within the account's limit of
 * wrong ones, src/auth/sign-in-guard.ts), stores the new one and
 * revokes every earlier session of the account (here, in catalog and in music); this browser gets
 * a new session at once, so the person who changed it stays signed in here.
 */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSession, issueSessionToken, SESSION_COOKIE, sessionCookieOptions } from "@/auth/session";
import { clientOf, guardedChangePassword } from "@/auth/sign-in-guard";
import { AccountChangeRefused, passwordChangeSchema } from "@/domain/account-changes";
import { type FormState, fieldErrorsOf, text } from "./form-state";

type Field = "currentPassword" | "newPassword";

export async function changePasswordAction(
  _: FormState<Field>,
  formData: FormData,
): Promise<FormState<Field>> {
  const session = await getSession();
  if (!session) redirect("/signin?returnTo=%2Faccount");
  const parsed = passwordChangeSchema.safeParse({
    currentPassword: text(formData, "currentPassword"),
    newPassword: text(formData, "newPassword"),
  });
  if (!parsed.success) return { fieldErrors: fieldErrorsOf<Field>(parsed.error.issues) };
  let account: Awaited<ReturnType<typeof guardedChangePassword>>;
  try {
    account = await guardedChangePassword(clientOf(await headers()), session.sub, parsed.data);
  } catch (error) {
    if (!(error instanceof AccountChangeRefused)) throw error;
    return error.field ? { fieldErrors: { [error.field]: error.message } } : { formError: error.message };
  }
  if ("refusal" in account) return { formError: account.refusal.message };
  (await cookies()).set(SESSION_COOKIE, await issueSessionToken(account), sessionCookieOptions);
  redirect("/account?changed=password");
}
