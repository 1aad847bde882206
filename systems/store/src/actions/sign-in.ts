"use server";
/**
 * Sign-in form: checks the credentials within the limits of src/auth/sign-in-guard.ts (a refusal
 * is said on the form, with when to try again), sets the session and device cookies, returns to a
 * suite page.
 */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adoptVisitorCart } from "@/auth/cart-cookie";
import { DEVICE_COOKIE, deviceCookieOptions } from "@/auth/device-cookie";
import { suiteReturnTo } from "@/auth/return-to";
import { issueSessionToken, SESSION_COOKIE, sessionCookieOptions } from "@/auth/session";
import { clientOf, guardedSignIn } from "@/auth/sign-in-guard";
import { credentialsSchema } from "@/domain/accounts";
import { action } from "@/lib/action";

export const signIn = action({
  access: "anyone",
  schema: credentialsSchema.extend({ returnTo: z.string().optional() }),
  run: async (input, { refuse }) => {
    const jar = await cookies();
    const outcome = await guardedSignIn(clientOf(await headers()), input, jar.get(DEVICE_COOKIE)?.value);
    if (!outcome.ok)
      return refuse({ message: outcome.refusal?.message ?? "Email or password is incorrect." });
    const { account } = outcome;
    if (account.roles.includes("customer")) await adoptVisitorCart(account.id);
    jar.set(SESSION_COOKIE, await issueSessionToken(account), sessionCookieOptions);
    jar.set(DEVICE_COOKIE, outcome.deviceToken, deviceCookieOptions);
    redirect(suiteReturnTo(input.returnTo));
  },
});
