import Link from "next/link";
import { getSession, isAdmin } from "@/auth/session";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  // Each page checks access itself (redirect or 403); the bar is only shown to administrators.
  const admin = isAdmin(await getSession());
  return (
    <>
      {admin ? (
        <div className="border-b border-forest-900/20 bg-forest-800 text-paper">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 text-sm sm:px-6">
            <span className="font-display text-lg">Back office</span>
            <nav aria-label="Back office" className="flex gap-1">
              <Link href="/admin" className="rounded-full px-3 py-1 hover:bg-white/10">
                Products
              </Link>
              <Link href="/admin/products/new" className="rounded-full px-3 py-1 hover:bg-white/10">
                New product
              </Link>
              <Link href="/admin/import" className="rounded-full px-3 py-1 hover:bg-white/10">
                Import CSV
              </Link>
            </nav>
            <span className="ml-auto text-xs text-forest-100/80">
              Changes reach the Store within a second.
            </span>
          </div>
        </div>
      ) : null}
      {children}
    </>
  );
}
