"use server";
import { requireAdminPage } from "@scs/web/next-session";
import { deadLetterCommand } from "@scs/web/ops";
import { redirect } from "next/navigation";
import { env } from "@/env";

/** /ops "Replay" button (administrators only). */
export async function replayDeadLetter(form: FormData): Promise<void> {
  await requireAdminPage(
    { publicJwk: env.SESSION_PUBLIC_JWK, issuer: env.STORE_URL },
    `${env.STORE_URL}/ops`,
  );
  redirect(deadLetterCommand("replay", form));
}
