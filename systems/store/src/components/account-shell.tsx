/** The frame of the account pages: the form card beside a short reassurance panel. */
import type { ReactNode } from "react";
import { BoltIcon, LockIcon, ShieldIcon } from "./icons";

export function AccountShell({
  title,
  intro,
  children,
}: {
  title: string;
  intro: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="container-store grid gap-10 py-12 md:grid-cols-[minmax(0,28rem)_1fr] md:items-start md:gap-16 md:py-16">
      <div className="rounded-[1.5rem] border border-ink-200 bg-white p-6 shadow-card sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-ink-900">{title}</h1>
        <div className="mt-2 text-sm leading-relaxed text-ink-500">{intro}</div>
        <div className="mt-6">{children}</div>
      </div>
      <aside className="hidden rounded-[1.5rem] bg-ink-50 p-8 md:block">
        <p className="text-sm font-semibold uppercase tracking-[0.16em] text-accent-700">
          Your Suite account
        </p>
        <ul className="mt-6 space-y-6">
          <li className="flex gap-3">
            <LockIcon className="mt-0.5 size-5 shrink-0 text-accent-600" />
            <p className="text-sm leading-relaxed text-ink-700">
              <strong className="block text-ink-900">One sign-in for every shop</strong>
              Catalog, Music and this store all recognise you, so your basket follows you around.
            </p>
          </li>
          <li className="flex gap-3">
            <ShieldIcon className="mt-0.5 size-5 shrink-0 text-accent-600" />
            <p className="text-sm leading-relaxed text-ink-700">
              <strong className="block text-ink-900">Your password stays yours</strong>
              We keep only a salted scrypt hash of it; nobody here can read it.
            </p>
          </li>
          <li className="flex gap-3">
            <BoltIcon className="mt-0.5 size-5 shrink-0 text-accent-600" />
            <p className="text-sm leading-relaxed text-ink-700">
              <strong className="block text-ink-900">Albums land in your library</strong>
              Music you buy here shows up in My library in the Music shop, ready to play.
            </p>
          </li>
        </ul>
      </aside>
    </div>
  );
}
