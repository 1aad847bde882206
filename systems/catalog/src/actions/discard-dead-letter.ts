"use server";
import { requireAdminPage } from "@scs/web/next-session";
import { deadLetterCommand } from "@scs/web/ops";
import { redirect } from "next/navigation";
import { sessionConfig } from "@/auth/session";
import { env } from "@/env";

/** /ops "Discard" button (administrators only). */
export async function discardDeadLetter(form: FormData): Promise<void> {
  await requireAdminPage(sessionConfig, `${env.CATALOG_URL}/ops`);
  redirect(deadLetterCommand("discard", form));
}
