"use server";
/** Sign-out: clears the session cookie and returns to a suite page. */
import { suiteOrigins } from "@scs/web/suite-env";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { SESSION_COOKIE, sessionCookieOptions } from "@/auth/session";
import { safeReturnTo } from "@/domain/return-to";
import { env } from "@/env";
import { text } from "./form-state";

export async function signOut(formData: FormData): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, "", { ...sessionCookieOptions, maxAge: 0 });
  redirect(safeReturnTo(text(formData, "returnTo"), suiteOrigins(env)));
}
