import Link from "next/link";
import type { ReactNode } from "react";
import { ArrowIcon } from "./icons";

export function SectionHeading({
  id,
  title,
  kicker,
  link,
}: {
  id: string;
  title: ReactNode;
  kicker?: string;
  link?: { href: string; label: string };
}) {
  return (
    <div className="mb-5 flex items-end justify-between gap-4">
      <div>
        {kicker && <p className="eyebrow">{kicker}</p>}
        <h2 id={id} className="headline mt-1 text-3xl sm:text-4xl">
          {title}
        </h2>
      </div>
      {link && (
        <Link
          href={link.href}
          className="flex shrink-0 items-center gap-1 rounded-full px-3 py-1.5 text-sm font-semibold text-haze-300 hover:bg-white/5 hover:text-white"
        >
          {link.label} <ArrowIcon className="h-4 w-4" />
        </Link>
      )}
    </div>
  );
}
