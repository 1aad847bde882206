"use server";
/** Sign-out: clears the session cookie and returns to a suite page. */
import { withoutState } from "@scs/web/action";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { suiteReturnTo } from "@/auth/return-to";
import { SESSION_COOKIE, sessionCookieOptions } from "@/auth/session";
import { action } from "@/lib/action";

export const signOut = withoutState(
  action({
    access: "anyone",
    schema: z.object({ returnTo: z.string().optional() }),
    run: async ({ returnTo }) => {
      (await cookies()).set(SESSION_COOKIE, "", { ...sessionCookieOptions, maxAge: 0 });
      redirect(suiteReturnTo(returnTo));
    },
  }),
);
