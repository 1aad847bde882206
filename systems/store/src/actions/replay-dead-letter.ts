"use server";
import { deadLetterAction } from "@scs/web/ops";
import { requireAdminPage } from "@/auth/session";

/** /ops "Replay" button (administrators only). */
export const replayDeadLetter = deadLetterAction("replay", () => requireAdminPage("/ops"));
