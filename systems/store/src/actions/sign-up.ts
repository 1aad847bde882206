"use server";
/**
 * Sign-up form: creates a customer account, signs the visitor in (session and device cookies),
 * returns to a suite page.
 */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { adoptVisitorCart } from "@/auth/cart-cookie";
import { DEVICE_COOKIE, deviceCookieOptions, deviceKey, issueDeviceToken } from "@/auth/device-cookie";
import { suiteReturnTo } from "@/auth/return-to";
import { issueSessionToken, SESSION_COOKIE, sessionCookieOptions } from "@/auth/session";
import { admitSignUp, clientOf, guardedCreateAccount } from "@/auth/sign-in-guard";
import { newAccountSchema } from "@/domain/accounts";
import { type FormState, fieldErrorsOf, text } from "./form-state";

type Field = "name" | "email" | "password";

export async function signUp(_: FormState<Field>, formData: FormData): Promise<FormState<Field>> {
  const input = {
    name: text(formData, "name"),
    email: text(formData, "email"),
    password: text(formData, "password"),
  };
  const values = { name: input.name ?? "", email: input.email ?? "" };
  const parsed = newAccountSchema.safeParse(input);
  if (!parsed.success) return { fieldErrors: fieldErrorsOf<Field>(parsed.error.issues), values };
  const client = clientOf(await headers());
  const refused = admitSignUp(client);
  if (refused) return { formError: refused.message, values };
  const result = await guardedCreateAccount(client, parsed.data);
  if (!result.ok && result.reason === "refused") return { formError: result.refusal.message, values };
  if (!result.ok) {
    return { fieldErrors: { email: "An account with this email already exists. Sign in instead?" }, values };
  }
  if (result.account.roles.includes("customer")) await adoptVisitorCart(result.account.id);
  const jar = await cookies();
  jar.set(SESSION_COOKIE, await issueSessionToken(result.account), sessionCookieOptions);
  jar.set(DEVICE_COOKIE, issueDeviceToken(deviceKey(), result.account.email), deviceCookieOptions);
  redirect(suiteReturnTo(text(formData, "returnTo")));
}
