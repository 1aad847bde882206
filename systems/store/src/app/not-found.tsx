import Link from "next/link";

export default function NotFound() {
  return (
    <div className="container-store py-24 text-center">
      <p className="text-sm font-semibold uppercase tracking-[0.16em] text-accent-600">404</p>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight text-ink-900">We could not find that page</h1>
      <p className="mt-3 text-ink-500">It may have moved, or the item is no longer on sale.</p>
      <Link
        href="/offers"
        className="mt-8 inline-flex rounded-full bg-accent-600 px-6 py-3 font-semibold text-white hover:bg-accent-700"
      >
        Browse all offers
      </Link>
    </div>
  );
}
