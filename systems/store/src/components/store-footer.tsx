/** Footer: what the shop promises, in plain words. */
import { BoltIcon, LockIcon, ShieldIcon } from "./icons";

const promises = [
  {
    icon: LockIcon,
    title: "One account, every shop",
    text: "Sign in once here and you are signed in to Catalog and Music too.",
  },
  {
    icon: BoltIcon,
    title: "Prices kept current",
    text: "When a shop changes a price, this store shows the new one within moments.",
  },
  {
    icon: ShieldIcon,
    title: "Stock checked before we confirm",
    text: "Every order is confirmed only after the shop has reserved your items.",
  },
];

export function StoreFooter() {
  return (
    <footer className="mt-20 border-t border-ink-200 bg-ink-50">
      <div className="container-store grid gap-8 py-10 sm:grid-cols-3">
        {promises.map(({ icon: Icon, title, text }) => (
          <div key={title} className="flex gap-3">
            <Icon className="mt-0.5 size-5 shrink-0 text-accent-600" />
            <div>
              <p className="font-semibold text-ink-900">{title}</p>
              <p className="mt-1 text-sm leading-relaxed text-ink-500">{text}</p>
            </div>
          </div>
        ))}
      </div>
      <div className="border-t border-ink-200">
        <p className="container-store py-5 text-xs text-ink-500">
          Suite Store brings together the Suite&rsquo;s Catalog and Music shops. All prices are in euros.
        </p>
      </div>
    </footer>
  );
}
