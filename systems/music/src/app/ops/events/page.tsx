/** /ops/events: the suite's event contract (the AsyncAPI document), administrators only. */
import { EventContract } from "@scs/ui/event-contract";
import { requireAdminPage } from "@scs/web/next-session";
import { sessionConfig } from "@/auth/session";
import { env } from "@/env";

export const metadata = { title: "Event contract" };

export default async function EventContractPage() {
  await requireAdminPage(sessionConfig, `${env.MUSIC_URL}/ops/events`);
  return <EventContract system="music" />;
}
