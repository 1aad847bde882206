/** /ops: the operator's view of music's messaging (administrators only). */
import { OpsPage, type OpsSearch } from "@scs/ui/ops-pages";
import { discardDeadLetter } from "@/actions/discard-dead-letter";
import { replayDeadLetter } from "@/actions/replay-dead-letter";
import { requireAdminPage } from "@/auth/session";
import { getDb } from "@/db/client";
import { env } from "@/env";

export const dynamic = "force-dynamic";
export const metadata = { title: "Operations" };

export default function Page({ searchParams }: OpsSearch) {
  return (
    <OpsPage
      system="music"
      requireAdminPage={requireAdminPage}
      db={getDb}
      managementUrl={env.RABBITMQ_MANAGEMENT_URL}
      prometheusUrl={env.PROMETHEUS_URL}
      replayAction={replayDeadLetter}
      discardAction={discardDeadLetter}
      searchParams={searchParams}
    />
  );
}
