/**
 * The two back-office pages every system serves the same way, /ops and /ops/events, rendered from
 * the system's configuration: its name, its administrator gate, its database and its URLs.
 */
import type { Db } from "@scs/messaging/db";
import { listDeadLetters } from "@scs/messaging/dead-letters";
import { getMessaging } from "@scs/messaging/process-messaging";
import { EventContract } from "./event-contract";
import { OpsDashboard, type OpsDashboardProps } from "./ops-dashboard";

/** What a system's app/ops/page.tsx receives from Next.js. */
export interface OpsSearch {
  searchParams: Promise<{ notice?: string | string[] }>;
}

export interface OpsPageProps
  extends OpsSearch,
    Pick<OpsDashboardProps, "system" | "managementUrl" | "prometheusUrl" | "replayAction" | "discardAction"> {
  /** The system's gate for a back-office page: signed out → sign-in and back to `path`; a customer → 403. */
  requireAdminPage: (path: string) => Promise<unknown>;
  db: () => Db;
}

/** /ops: the messaging runtime's state and the dead letters with their replay and discard actions. */
export async function OpsPage({ searchParams, requireAdminPage, db, ...dashboard }: OpsPageProps) {
  await requireAdminPage("/ops");
  const { notice } = await searchParams;
  return (
    <OpsDashboard
      {...dashboard}
      status={getMessaging()?.status()}
      deadLetters={listDeadLetters(db())}
      notice={typeof notice === "string" ? notice : undefined}
      now={Date.now()}
    />
  );
}

/** /ops/events: the suite's event contract (the AsyncAPI document). */
export async function EventContractPage({
  system,
  requireAdminPage,
}: Pick<OpsPageProps, "system" | "requireAdminPage">) {
  await requireAdminPage("/ops/events");
  return <EventContract system={system} />;
}
