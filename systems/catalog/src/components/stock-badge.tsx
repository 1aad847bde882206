/** What a shopper needs to know about stock, in words. */
export function stockLabel(stock: number): { text: string; tone: "out" | "low" | "in" } {
  if (stock <= 0) return { text: "Out of stock", tone: "out" };
  if (stock <= 5) return { text: `Only ${stock} left`, tone: "low" };
  return { text: "In stock", tone: "in" };
}

const tones = {
  out: "bg-ink-900/8 text-ink-700",
  low: "bg-accent-100 text-accent-800",
  in: "bg-forest-100 text-forest-800",
} as const;

export function StockBadge({ stock, className = "" }: { stock: number; className?: string }) {
  const { text, tone } = stockLabel(stock);
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-semibold ${tones[tone]} ${className}`}
    >
      <span
        aria-hidden
        className={`size-1.5 rounded-full ${tone === "out" ? "bg-ink-500" : tone === "low" ? "bg-accent-600" : "bg-forest-600"}`}
      />
      {text}
    </span>
  );
}
