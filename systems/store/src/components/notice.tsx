/** A message banner: what just happened (added, removed) or what went wrong. */
import type { ReactNode } from "react";

const tones = {
  success: "border-ok-600/25 bg-ok-600/5 text-ink-900",
  error: "border-danger-600/30 bg-danger-600/5 text-danger-600",
  info: "border-accent-200 bg-accent-50 text-ink-900",
  warning: "border-warn-600/30 bg-warn-600/5 text-ink-900",
} as const;

const marks = { success: "✓", error: "!", info: "i", warning: "!" } as const;
const markTones = {
  success: "bg-ok-600 text-white",
  error: "bg-danger-600 text-white",
  info: "bg-accent-600 text-white",
  warning: "bg-warn-600 text-white",
} as const;

export function Notice({
  tone,
  children,
  testId,
}: {
  tone: keyof typeof tones;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-testid={testId}
      className={`flex items-start gap-3 rounded-xl border px-4 py-3 text-sm ${tones[tone]}`}
    >
      <span
        aria-hidden
        className={`mt-0.5 grid size-5 shrink-0 place-items-center rounded-full text-xs font-bold ${markTones[tone]}`}
      >
        {marks[tone]}
      </span>
      <div className="min-w-0 flex-1 leading-relaxed">{children}</div>
    </div>
  );
}
