/** /ops: the operator's view of music's messaging (administrators only). */
import { listDeadLetters } from "@scs/messaging/dead-letters";
import { getMessaging } from "@scs/messaging/process-messaging";
import { OpsDashboard } from "@scs/ui/ops-dashboard";
import { requireAdminPage } from "@scs/web/next-session";
import { discardDeadLetter } from "@/actions/discard-dead-letter";
import { replayDeadLetter } from "@/actions/replay-dead-letter";
import { sessionConfig } from "@/auth/session";
import { getDb } from "@/db/client";
import { env } from "@/env";

export const dynamic = "force-dynamic";
export const metadata = { title: "Operations" };

export default async function OpsPage({
  searchParams,
}: {
  searchParams: Promise<{ notice?: string | string[] }>;
}) {
  await requireAdminPage(sessionConfig, `${env.MUSIC_URL}/ops`);
  const { notice } = await searchParams;
  return (
    <OpsDashboard
      system="music"
      status={getMessaging()?.status()}
      deadLetters={listDeadLetters(getDb())}
      managementUrl={env.RABBITMQ_MANAGEMENT_URL}
      prometheusUrl={env.PROMETHEUS_URL}
      notice={typeof notice === "string" ? notice : undefined}
      replayAction={replayDeadLetter}
      discardAction={discardDeadLetter}
      now={Date.now()}
    />
  );
}
