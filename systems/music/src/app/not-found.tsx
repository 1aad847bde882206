import Link from "next/link";

export default function NotFound() {
  return (
    <div className="container-music py-28 text-center">
      <p className="headline text-gradient text-8xl">404</p>
      <h1 className="headline mt-4 text-4xl">This track skipped.</h1>
      <p className="mx-auto mt-4 max-w-md text-haze-400">
        The page you are looking for does not exist, or the album is no longer on sale.
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
