import Link from "next/link";

/** What a signed-in customer sees on a back-office page (403). */
export function Forbidden() {
  return (
    <div className="mx-auto max-w-xl px-4 py-24 text-center" data-testid="forbidden">
      <p className="kicker">403 · Staff only</p>
      <h1 className="mt-3 font-display text-4xl">The back office is for administrators</h1>
      <p className="mt-4 text-ink-700">
        You're signed in with a customer account, which can't change the catalog. If you work here, sign in
        with your administrator account.
      </p>
      <Link href="/" className="btn-primary mt-8">
        Back to the shop
      </Link>
    </div>
  );
}
