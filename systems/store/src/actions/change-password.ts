"use server";
/**
 * The account page's password change: checks the current password (within the account's limit of
 * wrong ones, src/auth/sign-in-guard.ts), stores the new one and
 * revokes every earlier session of the account (here, in catalog and in music); this browser gets
 * a new session at once, so the person who changed it stays signed in here.
 */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { issueSessionToken, SESSION_COOKIE, sessionCookieOptions } from "@/auth/session";
import { clientOf, guardedChangePassword } from "@/auth/sign-in-guard";
import { passwordChangeSchema } from "@/domain/account-changes";
import { action } from "@/lib/action";

export const changePasswordAction = action({
  access: "customer",
  schema: passwordChangeSchema,
  returnPath: () => "/account",
  run: async (input, { session, refuse }) => {
    const account = await guardedChangePassword(clientOf(await headers()), session.sub, input);
    if ("refusal" in account) return refuse({ message: account.refusal.message });
    (await cookies()).set(SESSION_COOKIE, await issueSessionToken(account), sessionCookieOptions);
    redirect("/account?changed=password");
  },
});
