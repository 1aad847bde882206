import Link from "next/link";

/** Numbered pages as links (no script needed); keeps the other query parameters. */
export function Pagination({
  page,
  pageCount,
  hrefFor,
  label = "Pages",
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  label?: string;
}) {
  if (pageCount <= 1) return null;
  const pages = Array.from({ length: pageCount }, (_, i) => i + 1).filter(
    (p) => p === 1 || p === pageCount || Math.abs(p - page) <= 1,
  );
  const item =
    "inline-flex min-w-10 items-center justify-center rounded-full px-3 py-2 text-sm font-semibold";
  return (
    <nav aria-label={label} className="mt-10 flex flex-wrap items-center justify-center gap-1">
      {page > 1 ? (
        <Link className={`${item} text-ink-700 hover:bg-white`} href={hrefFor(page - 1)} rel="prev">
          ← Previous
        </Link>
      ) : null}
      {pages.map((p, i) => (
        <span key={p} className="flex items-center gap-1">
          {i > 0 && p - (pages[i - 1] ?? p) > 1 ? <span className="px-1 text-ink-500">…</span> : null}
          <Link
            href={hrefFor(p)}
            aria-current={p === page ? "page" : undefined}
            className={
              p === page ? `${item} bg-forest-800 text-paper` : `${item} text-ink-700 hover:bg-white`
            }
          >
            <span className="sr-only">Page </span>
            {p}
          </Link>
        </span>
      ))}
      {page < pageCount ? (
        <Link className={`${item} text-ink-700 hover:bg-white`} href={hrefFor(page + 1)} rel="next">
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
