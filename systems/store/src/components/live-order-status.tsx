"use client";
/**
 * The order page's live status: while the order is pending it asks `GET /api/orders/{id}` every
 * second and shows the outcome (confirmed, or rejected with the shop's reason) without a reload.
 * A pending order waits for catalog until its deadline; a rejected one can go back into the cart.
 */
import { useEffect, useState } from "react";
import type { OrderStatus } from "@/db/schema";
import { StatusPill } from "./order-status";

interface Props {
  orderId: string;
  initialStatus: OrderStatus;
  initialReason: string | null;
  hasGoods: boolean;
  hasAlbums: boolean;
  libraryUrl: string;
  /** When store stops waiting for catalog and rejects the order (epoch ms). */
  deadline: number;
  /** The reason store gives when catalog did not answer by the deadline. */
  deadlineReason: string;
}

const clock = new Intl.DateTimeFormat("en-GB", { timeStyle: "short", timeZone: "UTC" });

const POLL_MS = 1_000;
/** catalog usually answers within milliseconds: the first look comes sooner. */
const FIRST_POLL_MS = 250;

export function LiveOrderStatus({
  orderId,
  initialStatus,
  initialReason,
  hasGoods,
  hasAlbums,
  libraryUrl,
  deadline,
  deadlineReason,
}: Props) {
  const [status, setStatus] = useState<OrderStatus>(initialStatus);
  const [reason, setReason] = useState<string | null>(initialReason);
  const [slow, setSlow] = useState(false);

  useEffect(() => {
    if (status !== "pending") return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    const poll = async () => {
      try {
        const response = await fetch(`/api/orders/${encodeURIComponent(orderId)}`, {
          cache: "no-store",
          headers: { accept: "application/json" },
        });
        if (response.ok) {
          const order = (await response.json()) as { status: OrderStatus; reason?: string };
          if (stopped) return;
          if (order.status !== "pending") {
            setReason(order.reason ?? null);
            setStatus(order.status);
            return;
          }
        }
      } catch {
        // Offline for a moment: keep asking.
      }
      if (stopped) return;
      if (Date.now() - started > 15_000) setSlow(true);
      timer = setTimeout(poll, POLL_MS);
    };
    timer = setTimeout(poll, FIRST_POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [orderId, status]);

  return (
    <section
      aria-labelledby="status-heading"
      aria-live="polite"
      data-testid="order-live-status"
      data-status={status}
      className={`rounded-card border p-6 shadow-card ${
        status === "rejected"
          ? "border-danger-600/30 bg-danger-600/5"
          : status === "confirmed"
            ? "border-ok-600/30 bg-ok-600/5"
            : "border-ink-200 bg-white"
      }`}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="status-heading" className="text-lg font-semibold text-ink-900">
          {status === "pending" && "We are reserving your items"}
          {status === "confirmed" && "Your order is confirmed"}
          {status === "rejected" && "We could not accept this order"}
        </h2>
        <StatusPill status={status} testId="order-status" />
      </div>

      {status === "pending" && (
        <p className="mt-2 text-sm text-ink-700">
          The Catalog shop is reserving the stock for you. This page updates by itself
          {slow
            ? ` — the shop is taking longer than usual. Your order is safe: if the shop has not answered by ${clock.format(deadline)} UTC, we cancel it and you can place it again in one click.`
            : ", usually within a second."}
        </p>
      )}
      {status === "confirmed" && (
        <p className="mt-2 text-sm text-ink-700">
          {hasGoods ? "Your items are reserved and will be dispatched in 2–4 working days. " : ""}
          {hasAlbums ? (
            <>
              Your albums are in{" "}
              <a href={libraryUrl} className="font-semibold text-accent-700 underline underline-offset-2">
                My library
              </a>{" "}
              in the Music shop, ready to play.
            </>
          ) : (
            "Thank you for shopping with us."
          )}
        </p>
      )}
      {status === "rejected" && (
        <div className="mt-2 text-sm text-ink-700">
          <p data-testid="order-reason" className="font-medium text-danger-600 first-letter:uppercase">
            {reason ?? "The shop could not reserve the stock."}
          </p>
          <p className="mt-1">
            {reason === deadlineReason
              ? "The Catalog shop could not confirm your items in time, so we cancelled the order rather than keep you waiting. Nothing has been charged, and anything it reserves later is released."
              : "Nothing has been charged and nothing is reserved."}{" "}
            Put the items back in your cart to place the order again; the cart tells you what is in stock.
          </p>
          <form method="post" action={`/orders/${encodeURIComponent(orderId)}/again`} className="mt-4">
            <button
              type="submit"
              className="inline-flex items-center justify-center rounded-xl bg-accent-600 px-5 py-2.5 font-semibold text-white shadow-sm hover:bg-accent-700 focus-visible:ring-4 focus-visible:ring-accent-100"
            >
              Put these items back in your cart
            </button>
          </form>
        </div>
      )}

      <ol className="mt-6 grid gap-3 text-sm sm:grid-cols-3" aria-label="Order progress">
        <Step done label="Order placed" />
        <Step
          done={status === "confirmed"}
          failed={status === "rejected"}
          active={status === "pending"}
          label={
            hasGoods
              ? status === "rejected"
                ? reason === deadlineReason
                  ? "No answer in time"
                  : "Stock not available"
                : "Stock reserved"
              : "Nothing to reserve"
          }
        />
        <Step
          done={status === "confirmed"}
          failed={status === "rejected"}
          label={status === "rejected" ? "Order rejected" : "Order confirmed"}
        />
      </ol>
    </section>
  );
}

function Step({
  label,
  done,
  active,
  failed,
}: {
  label: string;
  done?: boolean;
  active?: boolean;
  failed?: boolean;
}) {
  return (
    <li className="flex items-center gap-2.5">
      <span
        aria-hidden
        className={`grid size-6 shrink-0 place-items-center rounded-full text-xs font-bold ${
          failed
            ? "bg-danger-600 text-white"
            : done
              ? "bg-ok-600 text-white"
              : active
                ? "border-2 border-accent-500 border-t-transparent animate-spin"
                : "bg-ink-100 text-ink-500"
        }`}
      >
        {failed ? "×" : done ? "✓" : ""}
      </span>
      <span className={done || active || failed ? "font-medium text-ink-900" : "text-ink-500"}>
        {label}
        <span className="sr-only">
          {failed ? " (failed)" : done ? " (done)" : active ? " (in progress)" : ""}
        </span>
      </span>
    </li>
  );
}
