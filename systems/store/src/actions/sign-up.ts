"use server";
/**
 * Sign-up form: creates a customer account, signs the visitor in (session and device cookies),
 * returns to a suite page.
 */
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { adoptVisitorCart } from "@/auth/cart-cookie";
import { DEVICE_COOKIE, deviceCookieOptions, deviceKey, issueDeviceToken } from "@/auth/device-cookie";
import { suiteReturnTo } from "@/auth/return-to";
import { issueSessionToken, SESSION_COOKIE, sessionCookieOptions } from "@/auth/session";
import { admitSignUp, clientOf, guardedCreateAccount } from "@/auth/sign-in-guard";
import { newAccountSchema } from "@/domain/accounts";
import { action } from "@/lib/action";

export const signUp = action({
  access: "anyone",
  schema: newAccountSchema.extend({ returnTo: z.string().optional() }),
  run: async ({ returnTo, ...input }, { refuse }) => {
    const client = clientOf(await headers());
    const refused = admitSignUp(client);
    if (refused) return refuse({ message: refused.message });
    const result = await guardedCreateAccount(client, input);
    if (!result.ok && result.reason === "refused") return refuse({ message: result.refusal.message });
    if (!result.ok) {
      return refuse({
        issues: [{ path: "email", message: "An account with this email already exists. Sign in instead?" }],
      });
    }
    if (result.account.roles.includes("customer")) await adoptVisitorCart(result.account.id);
    const jar = await cookies();
    jar.set(SESSION_COOKIE, await issueSessionToken(result.account), sessionCookieOptions);
    jar.set(DEVICE_COOKIE, issueDeviceToken(deviceKey(), result.account.email), deviceCookieOptions);
    redirect(suiteReturnTo(returnTo));
  },
});
