/**
 * The replay and discard buttons of /ops, shared by the three systems' server actions: parse the
 * form with one schema, ask the process's messaging runtime, and say what happened.
 */
import { getMessaging } from "@scs/messaging/process-messaging";
import { redirect } from "next/navigation";
import { z } from "zod";

const formSchema = z.object({ id: z.coerce.number().int().positive() });

/** Runs the command and returns the /ops URL to go back to, with the outcome for the flash message. */
export function deadLetterCommand(command: "replay" | "discard", form: FormData): string {
  const parsed = formSchema.safeParse({ id: form.get("id") });
  const messaging = getMessaging();
  let notice: string;
  if (!parsed.success) notice = "error:That dead letter does not exist.";
  else if (!messaging) notice = "error:Messaging is not running in this process.";
  else if (command === "discard") {
    notice = messaging.discardDeadLetter(parsed.data.id)
      ? `ok:Dead letter #${parsed.data.id} discarded.`
      : "error:That dead letter does not exist any more.";
  } else {
    const result = messaging.replayDeadLetter(parsed.data.id);
    notice = result.ok
      ? `ok:Dead letter #${parsed.data.id} replayed (${result.outcome === "applied" ? "applied" : "already applied before"}).`
      : `error:Replay of #${parsed.data.id} failed: ${result.reason}`;
  }
  return `/ops?notice=${encodeURIComponent(notice)}`;
}

/**
 * The /ops "Replay" or "Discard" server action of a system: `requireAdmin` is the system's gate
 * (signed out → sign-in, not an administrator → 403); then the command, then back to /ops.
 */
export function deadLetterAction(command: "replay" | "discard", requireAdmin: () => Promise<unknown>) {
  return async (form: FormData): Promise<void> => {
    await requireAdmin();
    redirect(deadLetterCommand(command, form));
  };
}
