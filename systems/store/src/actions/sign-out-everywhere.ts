"use server";
/**
 * "Sign out everywhere": revokes every session of the account issued until now — on every device,
 * in store, catalog and music (they learn it from `store.customer.upserted`) — and signs this
 * browser out too.
 */
import { withoutState } from "@scs/web/action";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getSession, SESSION_COOKIE, sessionCookieOptions } from "@/auth/session";
import { getDb } from "@/db/client";
import { AccountChangeRefused, signOutEverywhere } from "@/domain/account-changes";
import { action } from "@/lib/action";

// Open to anyone: a visitor whose session has already ended is signed out here all the same.
export const signOutEverywhereAction = withoutState(
  action({
    access: "anyone",
    schema: z.object({}),
    run: async () => {
      const session = await getSession();
      if (session) {
        try {
          signOutEverywhere(getDb(), session.sub);
        } catch (error) {
          // An account deleted meanwhile has no sessions left to end.
          if (!(error instanceof AccountChangeRefused)) throw error;
        }
      }
      (await cookies()).set(SESSION_COOKIE, "", { ...sessionCookieOptions, maxAge: 0 });
      redirect("/signout");
    },
  }),
);
