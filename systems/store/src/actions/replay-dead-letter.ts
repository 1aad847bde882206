"use server";
import { requireAdminPage } from "@scs/web/next-session";
import { deadLetterCommand } from "@scs/web/ops";
import { redirect } from "next/navigation";
import { sessionConfig } from "@/auth/session";
import { env } from "@/env";

/** /ops "Replay" button (administrators only). */
export async function replayDeadLetter(form: FormData): Promise<void> {
  await requireAdminPage(sessionConfig, `${env.STORE_URL}/ops`);
  redirect(deadLetterCommand("replay", form));
}
