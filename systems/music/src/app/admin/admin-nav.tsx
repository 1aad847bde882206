import Link from "next/link";
import { PlusIcon } from "@/components/icons";

const tabs = [
  { href: "/admin", label: "Albums" },
  { href: "/admin/artists", label: "Artists" },
] as const;

/** The back office's own heading and tabs, shown on every /admin page. */
export function AdminNav({
  current,
  title,
  intro,
}: {
  current: "albums" | "artists" | "none";
  title: string;
  intro?: string;
}) {
  return (
    <div className="border-b border-white/5 bg-night-900/60">
      <div className="container-music pt-10 pb-0">
        <p className="eyebrow">Back office · label tools</p>
        <div className="mt-2 flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="headline text-4xl sm:text-5xl">{title}</h1>
            {intro && <p className="mt-2 max-w-2xl text-haze-400">{intro}</p>}
          </div>
          <Link
            href="/admin/albums/new"
            className="bg-brand inline-flex items-center gap-2 rounded-full px-5 py-2.5 font-semibold text-white shadow-glow transition-transform hover:scale-[1.03]"
          >
            <PlusIcon className="h-4 w-4" /> New album
          </Link>
        </div>
        <nav aria-label="Back office" className="mt-6 flex gap-6">
          {tabs.map((tab) => {
            const active = tab.label.toLowerCase() === current;
            return (
              <Link
                key={tab.href}
                href={tab.href}
                aria-current={active ? "page" : undefined}
                className={`border-b-2 pb-3 text-sm font-semibold ${
                  active
                    ? "border-accent-400 text-white"
                    : "border-transparent text-haze-400 hover:text-white"
                }`}
              >
                {tab.label}
              </Link>
            );
          })}
        </nav>
      </div>
    </div>
  );
}
