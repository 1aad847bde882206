"use client";
/** The sort menu of the offers page: applies on change (the form's button still works without JS). */
import type { OfferSort } from "@/db/queries/offers";

const labels: Record<OfferSort, string> = {
  newest: "Newest first",
  "price-asc": "Price: low to high",
  "price-desc": "Price: high to low",
  title: "Name: A to Z",
};

export function SortSelect({ value }: { value: OfferSort }) {
  return (
    <select
      id="sort"
      name="sort"
      defaultValue={value}
      onChange={(event) => event.currentTarget.form?.requestSubmit()}
      className="w-full rounded-xl border border-ink-200 bg-white py-2 pl-3 pr-9 text-sm font-medium text-ink-900 focus:border-accent-500 focus:outline-none focus:ring-4 focus:ring-accent-100"
    >
      {(Object.keys(labels) as OfferSort[]).map((sort) => (
        <option key={sort} value={sort}>
          {labels[sort]}
        </option>
      ))}
    </select>
  );
}
