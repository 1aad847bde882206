import Link from "next/link";

/** Shown with status 403 to a signed-in customer who opens the back office. */
export default function Forbidden() {
  return (
    <div className="container-music py-28 text-center">
      <p className="headline text-gradient text-8xl">403</p>
      <h1 className="headline mt-4 text-4xl">Backstage is for the label team.</h1>
      <p className="mx-auto mt-4 max-w-md text-haze-400">
        You are signed in, but the back office is open to administrators only. If you need access, ask an
        administrator of Suite Shop.
      </p>
      <Link
        href="/"
        className="bg-brand mt-8 inline-flex rounded-full px-6 py-3 font-semibold text-white shadow-glow"
      >
        Back to Discover
      </Link>
    </div>
  );
}
