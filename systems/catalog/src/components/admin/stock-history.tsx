import Link from "next/link";
import type { StockMovementRow } from "@/db/schema";

const when = (ms: number) =>
  new Date(ms).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

const kindTone: Record<StockMovementRow["kind"], string> = {
  initial: "bg-ink-900/8 text-ink-700",
  received: "bg-forest-100 text-forest-800",
  returned: "bg-forest-100 text-forest-800",
  damaged: "bg-accent-100 text-accent-800",
  count: "bg-sky-100 text-sky-900",
  import: "bg-ink-900/8 text-ink-700",
  order: "bg-amber-100 text-amber-900",
  release: "bg-forest-100 text-forest-800",
};

/** A product's stock history: every movement with its reason, who and when, newest first. */
export function StockHistory({
  movements,
  total,
  page,
  pageCount,
  hrefFor,
  highlight,
}: {
  movements: StockMovementRow[];
  total: number;
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  highlight?: number | undefined;
}) {
  return (
    <section aria-labelledby="history-heading" className="mt-10" id="history">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="history-heading" className="font-display text-2xl">
          Stock history
        </h2>
        <p className="text-sm text-ink-500">
          {total} {total === 1 ? "movement" : "movements"} · times in UTC
        </p>
      </div>
      <div className="mt-4 overflow-x-auto rounded-xl border border-ink-900/10 bg-white">
        <table className="w-full min-w-[40rem] text-left text-sm" data-testid="stock-history">
          <caption className="sr-only">Stock movements, newest first</caption>
          <thead className="border-b border-ink-900/10 bg-paper-deep/60 text-xs uppercase tracking-[0.1em] text-ink-500">
            <tr>
              <th scope="col" className="px-4 py-3 font-semibold">
                When
              </th>
              <th scope="col" className="px-4 py-3 font-semibold">
                Reason
              </th>
              <th scope="col" className="px-4 py-3 text-right font-semibold">
                Change
              </th>
              <th scope="col" className="px-4 py-3 text-right font-semibold">
                Stock after
              </th>
              <th scope="col" className="px-4 py-3 font-semibold">
                By
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-ink-900/8">
            {movements.map((m) => (
              <tr key={m.id} className={m.id === highlight ? "bg-forest-50" : undefined}>
                <td className="whitespace-nowrap px-4 py-3 text-ink-700 tabular-nums">{when(m.createdAt)}</td>
                <td className="px-4 py-3">
                  <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${kindTone[m.kind]}`}>
                    {m.reason}
                  </span>
                  {m.note ? <p className="mt-1 text-ink-700">{m.note}</p> : null}
                </td>
                <td
                  className={`px-4 py-3 text-right font-semibold tabular-nums ${m.delta > 0 ? "text-forest-700" : m.delta < 0 ? "text-accent-700" : "text-ink-500"}`}
                >
                  {m.delta > 0 ? `+${m.delta}` : m.delta < 0 ? `−${-m.delta}` : "±0"}
                </td>
                <td className="px-4 py-3 text-right tabular-nums">{m.stockAfter}</td>
                <td className="max-w-48 truncate px-4 py-3 text-ink-700" title={m.actor}>
                  {m.actor}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {movements.length === 0 ? (
          <p className="px-4 py-6 text-center text-ink-500">No movements yet.</p>
        ) : null}
      </div>
      {pageCount > 1 ? (
        <nav aria-label="History pages" className="mt-3 flex items-center justify-end gap-2 text-sm">
          {page > 1 ? (
            <Link href={hrefFor(page - 1)} className="rounded-full px-3 py-1 font-semibold hover:bg-white">
              ← Newer
            </Link>
          ) : null}
          <span className="text-ink-500">
            Page {page} of {pageCount}
          </span>
          {page < pageCount ? (
            <Link href={hrefFor(page + 1)} className="rounded-full px-3 py-1 font-semibold hover:bg-white">
              Older →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
