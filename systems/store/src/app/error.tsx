"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="container-store py-24 text-center">
      <h1 className="text-3xl font-semibold tracking-tight text-ink-900">Something went wrong on our side</h1>
      <p className="mt-3 text-ink-500">Nothing you did caused this. Please try again in a moment.</p>
      <button
        type="button"
        onClick={reset}
        className="mt-8 inline-flex rounded-full bg-accent-600 px-6 py-3 font-semibold text-white hover:bg-accent-700"
      >
        Try again
      </button>
    </div>
  );
}
