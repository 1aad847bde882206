import Link from "next/link";
import { categories } from "@/domain/categories";

export function SiteFooter({ storeUrl, musicUrl }: { storeUrl: string; musicUrl: string }) {
  return (
    <footer className="mt-24 bg-forest-900 text-forest-100">
      <div className="mx-auto grid max-w-6xl gap-10 px-4 py-14 sm:grid-cols-2 sm:px-6 lg:grid-cols-4">
        <div className="lg:col-span-2">
          <p className="font-display text-2xl text-paper">
            The <em>Catalog</em>
          </p>
          <p className="mt-3 max-w-sm text-sm leading-relaxed text-forest-100/80">
            A small, carefully kept range of things for the kitchen, the desk and the trail. Every stock count
            on these pages is the number on our shelves right now.
          </p>
        </div>
        <div>
          <h2 className="text-xs font-semibold uppercase tracking-[0.14em] text-paper">Departments</h2>
          <ul className="mt-4 space-y-2 text-sm">
            {categories.map((c) => (
              <li key={c.slug}>
                <Link className="hover:text-white hover:underline" href={`/products?category=${c.slug}`}>
                  {c.name}
                </Link>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h2 className="text-xs font-semibold uppercase tracking-[0.14em] text-paper">Your order</h2>
          <ul className="mt-4 space-y-2 text-sm">
            <li>
              <a className="hover:text-white hover:underline" href={`${storeUrl}/cart`}>
                Cart &amp; checkout
              </a>
            </li>
            <li>
              <a className="hover:text-white hover:underline" href={`${storeUrl}/orders`}>
                Order history
              </a>
            </li>
            <li>
              <a className="hover:text-white hover:underline" href={musicUrl}>
                Music, next door
              </a>
            </li>
          </ul>
          <p className="mt-6 text-xs text-forest-100/70">Prices in euros, VAT included.</p>
        </div>
      </div>
    </footer>
  );
}
