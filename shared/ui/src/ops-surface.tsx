/**
 * The surface of the operator's pages (/ops, /ops/events) every system renders: they are drawn
 * in ink on a light ground, so they bring the ground along. On music's night background the ink
 * text had 1.1:1 (WCAG 1.4.3); on catalog's paper and store's white it looks as before.
 */
import type { ReactNode } from "react";

export function OpsSurface({ children }: { children: ReactNode }) {
  return (
    <div className="bg-ink-50 text-ink-900">
      <div className="mx-auto max-w-6xl space-y-8 px-4 py-10 sm:px-6">{children}</div>
    </div>
  );
}
