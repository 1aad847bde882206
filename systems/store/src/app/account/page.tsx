import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { signOutEverywhereAction } from "@/actions/sign-out-everywhere";
import { getSession } from "@/auth/session";
import { AccountShell } from "@/components/account-shell";
import { Notice } from "@/components/notice";
import { PasswordForm } from "./password-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await getSession();
  if (!session) redirect("/signin?returnTo=%2Faccount");
  const { changed } = await searchParams;
  return (
    <AccountShell
      title="Your account"
      intro={
        <>
          Signed in as <strong className="text-ink-900">{session.name}</strong> ({session.email})
          {session.roles.includes("admin") ? ", administrator" : ""}.
        </>
      }
    >
      <div className="space-y-8">
        {changed === "password" && (
          <Notice tone="success" testId="password-changed">
            Your password was changed. Every other device and shop session has been signed out.
          </Notice>
        )}
        <section className="space-y-4">
          <h2 id="password-heading" className="text-lg font-semibold text-ink-900">
            Change your password
          </h2>
          <PasswordForm email={session.email} />
        </section>
        <section className="space-y-3 border-t border-ink-200 pt-6">
          <h2 className="text-lg font-semibold text-ink-900">Sign out everywhere</h2>
          <p className="text-sm leading-relaxed text-ink-500">
            Lost a phone or signed in on a shared computer? This ends every session of your account on every
            device, in Catalog, Music and this store, this one included.
          </p>
          <form action={signOutEverywhereAction}>
            <button
              type="submit"
              className="rounded-xl bg-ink-900 px-5 py-3 font-semibold text-white hover:bg-ink-700"
            >
              Sign out everywhere
            </button>
          </form>
        </section>
      </div>
    </AccountShell>
  );
}
