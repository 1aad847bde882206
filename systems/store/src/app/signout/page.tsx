import type { Metadata } from "next";
import { signOut } from "@/actions/sign-out";
import { pageReturnTo } from "@/auth/return-to";
import { getSession } from "@/auth/session";
import { AccountShell } from "@/components/account-shell";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign out" };

export default async function SignOutPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { returnTo } = await searchParams;
  const back = pageReturnTo(returnTo);
  const session = await getSession();
  if (!session) {
    return (
      <AccountShell title="You are signed out" intro="See you soon.">
        <a
          href={back.href}
          className="inline-flex rounded-xl bg-accent-600 px-5 py-3 font-semibold text-white hover:bg-accent-700"
        >
          Continue to {back.shop}
        </a>
      </AccountShell>
    );
  }
  return (
    <AccountShell
      title="Sign out?"
      intro={
        <>
          You are signed in as <strong className="text-ink-900">{session.email}</strong>. Signing out here
          signs you out of Catalog and Music too.
        </>
      }
    >
      <form action={signOut} className="flex flex-wrap gap-3">
        <input type="hidden" name="returnTo" value={back.href} />
        <button
          type="submit"
          className="rounded-xl bg-ink-900 px-5 py-3 font-semibold text-white hover:bg-ink-700"
        >
          Sign out
        </button>
        <a
          href={back.href}
          className="rounded-xl border border-ink-200 px-5 py-3 font-semibold text-ink-900 hover:border-ink-900"
        >
          Stay signed in
        </a>
      </form>
    </AccountShell>
  );
}
