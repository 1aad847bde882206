import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="container-store py-24 text-center">
      <p className="text-sm font-semibold uppercase tracking-[0.16em] text-accent-600">403</p>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight text-ink-900">
        This page is for administrators
      </h1>
      <p className="mt-3 text-ink-500">You are signed in, but your account may not open it.</p>
      <Link
        href="/"
        className="mt-8 inline-flex rounded-full bg-accent-600 px-6 py-3 font-semibold text-white hover:bg-accent-700"
      >
        Back to the store
      </Link>
    </div>
  );
}
