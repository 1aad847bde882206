"use client";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="container-music py-28 text-center">
      <p className="headline text-gradient text-7xl">Feedback.</p>
      <h1 className="headline mt-4 text-3xl">Something went wrong on our side.</h1>
      <p className="mx-auto mt-4 max-w-md text-haze-400">
        The page could not be shown. Try again in a moment.
      </p>
      <button
        type="button"
        onClick={reset}
        className="bg-brand mt-8 inline-flex rounded-full px-6 py-3 font-semibold text-white shadow-glow"
      >
        Try again
      </button>
    </div>
  );
}
