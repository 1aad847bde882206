/** An order's status as a coloured pill: pending, confirmed or rejected. */
import type { OrderStatus } from "@/db/schema";

export const statusLabel: Record<OrderStatus, string> = {
  pending: "Pending",
  confirmed: "Confirmed",
  rejected: "Rejected",
};

const tone: Record<OrderStatus, string> = {
  pending: "bg-highlight-100 text-highlight-600",
  confirmed: "bg-ok-600/10 text-ok-600",
  rejected: "bg-danger-600/10 text-danger-600",
};

export function StatusPill({ status, testId }: { status: OrderStatus; testId?: string }) {
  return (
    <span
      data-testid={testId}
      data-status={status}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-semibold ${tone[status]}`}
    >
      <span
        aria-hidden
        className={`size-1.5 rounded-full ${
          status === "pending"
            ? "animate-pulse bg-highlight-600"
            : status === "confirmed"
              ? "bg-ok-600"
              : "bg-danger-600"
        }`}
      />
      {statusLabel[status]}
    </span>
  );
}
