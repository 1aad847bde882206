/** /ops/events: the suite's event contract (the AsyncAPI document), administrators only. */
import { EventContractPage } from "@scs/ui/ops-pages";
import { requireAdminPage } from "@/auth/session";

export const metadata = { title: "Event contract" };

export default function Page() {
  return <EventContractPage system="catalog" requireAdminPage={requireAdminPage} />;
}
