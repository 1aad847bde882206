import type { Metadata } from "next";
import { pageReturnTo, withReturnTo } from "@/auth/return-to";
import { getSession } from "@/auth/session";
import { AccountShell } from "@/components/account-shell";
import { SignUpForm } from "./signup-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { returnTo } = await searchParams;
  const back = pageReturnTo(returnTo);
  const session = await getSession();
  if (session) {
    return (
      <AccountShell title="You already have an account" intro={<>Signed in as {session.email}.</>}>
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
      title="Create your account"
      intro="One account for Catalog, Music and the store. It takes a few seconds."
    >
      <SignUpForm returnTo={back.href} signInHref={withReturnTo("/signin", back.href)} />
    </AccountShell>
  );
}
