"use server";
/** Sign-in form: checks the credentials, sets the session cookie, returns to a suite page. */
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adoptVisitorCart } from "@/auth/cart-cookie";
import { suiteReturnTo } from "@/auth/return-to";
import { issueSessionToken, SESSION_COOKIE, sessionCookieOptions } from "@/auth/session";
import { getDb } from "@/db/client";
import { authenticate, credentialsSchema } from "@/domain/accounts";
import { type FormState, fieldErrorsOf, text } from "./form-state";

const schema = credentialsSchema.extend({ returnTo: z.string().optional() });
type Field = "email" | "password";

export async function signIn(_: FormState<Field>, formData: FormData): Promise<FormState<Field>> {
  const input = {
    email: text(formData, "email"),
    password: text(formData, "password"),
    returnTo: text(formData, "returnTo"),
  };
  const values = { email: input.email ?? "" };
  const parsed = schema.safeParse(input);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf<Field>(parsed.error.issues), values };
  const account = await authenticate(getDb(), parsed.data);
  if (!account) return { formError: "Email or password is incorrect.", values };
  if (account.roles.includes("customer")) await adoptVisitorCart(account.id);
  (await cookies()).set(SESSION_COOKIE, await issueSessionToken(account), sessionCookieOptions);
  redirect(suiteReturnTo(parsed.data.returnTo));
}
