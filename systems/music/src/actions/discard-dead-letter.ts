"use server";
import { deadLetterAction } from "@scs/web/ops";
import { requireAdminPage } from "@/auth/session";

/** /ops "Discard" button (administrators only). */
export const discardDeadLetter = deadLetterAction("discard", () => requireAdminPage("/ops"));
