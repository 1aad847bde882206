import type { Metadata } from "next";
import { pageReturnTo, withReturnTo } from "@/auth/return-to";
import { getSession } from "@/auth/session";
import { AccountShell } from "@/components/account-shell";
import { SignInForm } from "./signin-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { returnTo } = await searchParams;
  const back = pageReturnTo(returnTo);
  const session = await getSession();
  if (session) {
    return (
      <AccountShell title="You are signed in" intro={<>Signed in as {session.email}.</>}>
        <div className="flex flex-wrap gap-3">
          <a
            href={back.href}
            className="rounded-xl bg-accent-600 px-5 py-3 font-semibold text-white hover:bg-accent-700"
          >
            Continue to {back.shop}
          </a>
          <a
            href={withReturnTo("/signout", back.href)}
            className="rounded-xl border border-ink-200 px-5 py-3 font-semibold text-ink-900 hover:border-ink-900"
          >
            Use another account
          </a>
        </div>
      </AccountShell>
    );
  }
  return (
    <AccountShell
      title="Sign in"
      intro={
        back.href === "/" ? "Welcome back." : <>Welcome back. You will return to {back.shop} afterwards.</>
      }
    >
      <SignInForm returnTo={back.href} signUpHref={withReturnTo("/signup", back.href)} />
    </AccountShell>
  );
}
