"use server";
/** Sign-out: clears the session cookie and returns to a suite page. */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { suiteReturnTo } from "@/auth/return-to";
import { SESSION_COOKIE, sessionCookieOptions } from "@/auth/session";
import { text } from "./form-state";

export async function signOut(formData: FormData): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, "", { ...sessionCookieOptions, maxAge: 0 });
  redirect(suiteReturnTo(text(formData, "returnTo")));
}
