/** Shown while store holds no offers yet (they arrive from catalog and music over the broker). */
import { BoxIcon } from "./icons";

export function EmptyShelves({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-card border border-dashed border-ink-300 bg-ink-50 px-6 py-14 text-center">
      <BoxIcon className="mx-auto size-10 text-ink-300" />
      <p className="mt-4 text-lg font-semibold text-ink-900">{title}</p>
      <div className="mx-auto mt-2 max-w-md text-sm leading-relaxed text-ink-500">{children}</div>
    </div>
  );
}
