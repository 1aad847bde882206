import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-xl px-4 py-24 text-center">
      <p className="kicker">Error 404</p>
      <h1 className="mt-3 font-display text-4xl">We couldn't find that page</h1>
      <p className="mt-4 text-ink-700">
        The product may have been retired from the catalog, or the link is mistyped.
      </p>
      <div className="mt-8 flex justify-center gap-3">
        <Link href="/products" className="btn-primary">
          Browse all goods
        </Link>
        <Link href="/" className="btn-ghost">
          Back to the front page
        </Link>
      </div>
    </div>
  );
}
