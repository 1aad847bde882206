"use client";

import { idleFormState } from "@scs/web/form-state";
import Link from "next/link";
import { useActionState, useEffect, useRef } from "react";
import { importProductsAction } from "@/actions/import-products";
import type { ImportRowResult } from "@/domain/product-import";
import type { ImportState } from "@/lib/import-state";

const outcomeStyle: Record<ImportRowResult["outcome"], string> = {
  created: "bg-forest-100 text-forest-800",
  updated: "bg-sky-100 text-sky-900",
  unchanged: "bg-ink-900/8 text-ink-700",
  rejected: "bg-red-100 text-danger-600",
};

/** The upload form and, after an upload, its row-by-row report. */
export function ImportForm() {
  const [state, formAction, pending] = useActionState<ImportState, FormData>(
    importProductsAction,
    idleFormState,
  );
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status !== "idle") resultRef.current?.focus();
  }, [state]);
  const report = state.report;
  const rejected = report?.rows.filter((r) => r.outcome === "rejected") ?? [];
  const imported = report?.rows.filter((r) => r.outcome !== "rejected") ?? [];

  return (
    <div className="min-w-0 space-y-8">
      <form
        action={formAction}
        className="rounded-2xl border border-ink-900/10 bg-white p-6 sm:p-8"
        aria-describedby="file-hint"
      >
        <label htmlFor="import-file" className="field-label">
          CSV file
        </label>
        <input
          id="import-file"
          name="file"
          type="file"
          accept=".csv,text/csv,text/plain"
          required
          className="block w-full cursor-pointer rounded-lg border border-dashed border-ink-900/25 bg-paper/60 px-3 py-6 text-sm text-ink-700 file:mr-4 file:cursor-pointer file:rounded-full file:border-0 file:bg-forest-800 file:px-4 file:py-2 file:text-sm file:font-semibold file:text-paper hover:border-forest-700"
        />
        <p id="file-hint" className="mt-2 text-xs text-ink-500">
          UTF-8 text, as saved by “CSV UTF-8” in Excel, Numbers or LibreOffice.
        </p>
        <button type="submit" className="btn-primary mt-6" disabled={pending}>
          {pending ? "Importing…" : "Import products"}
        </button>
      </form>

      <div ref={resultRef} tabIndex={-1} className="focus:outline-none" aria-live="polite">
        {state.status === "error" ? (
          <div
            role="alert"
            className="rounded-xl border border-danger-600/30 bg-red-50 px-4 py-3 text-sm text-danger-600"
          >
            <p className="font-semibold">
              {state.fileName ? `${state.fileName} was not imported` : "Nothing imported"}
            </p>
            <p className="mt-1">{state.message}</p>
          </div>
        ) : null}

        {report ? (
          <section aria-labelledby="report-heading" data-testid="import-report">
            <h2 id="report-heading" className="font-display text-2xl">
              Imported {state.fileName}
            </h2>
            <ul className="mt-3 flex flex-wrap gap-2 text-sm" data-testid="import-summary">
              <li className="rounded-full bg-forest-100 px-3 py-1 font-semibold text-forest-800">
                {report.created} created
              </li>
              <li className="rounded-full bg-sky-100 px-3 py-1 font-semibold text-sky-900">
                {report.updated} updated
              </li>
              {report.unchanged > 0 ? (
                <li className="rounded-full bg-ink-900/8 px-3 py-1 font-semibold text-ink-700">
                  {report.unchanged} unchanged
                </li>
              ) : null}
              <li
                className={`rounded-full px-3 py-1 font-semibold ${report.rejected > 0 ? "bg-red-100 text-danger-600" : "bg-ink-900/8 text-ink-700"}`}
              >
                {report.rejected} rejected
              </li>
            </ul>
            {report.ignoredColumns.length > 0 ? (
              <p className="mt-3 text-sm text-ink-700">
                Ignored columns that are not product fields: {report.ignoredColumns.join(", ")}.
              </p>
            ) : null}

            {rejected.length > 0 ? (
              <div className="mt-6">
                <h3 className="font-semibold">Rejected rows — fix these and import them again</h3>
                <div className="mt-2 overflow-x-auto rounded-xl border border-danger-600/25 bg-white">
                  <table className="w-full text-left text-sm" data-testid="rejected-rows">
                    <thead className="border-b border-ink-900/10 bg-red-50/60 text-xs uppercase tracking-[0.1em] text-ink-500">
                      <tr>
                        <th scope="col" className="px-4 py-2 font-semibold">
                          Row
                        </th>
                        <th scope="col" className="px-4 py-2 font-semibold">
                          SKU
                        </th>
                        <th scope="col" className="px-4 py-2 font-semibold">
                          What to fix
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-ink-900/8">
                      {rejected.map((r) => (
                        <tr key={r.row} data-row={r.row}>
                          <td className="px-4 py-2 align-top tabular-nums">{r.row}</td>
                          <td className="px-4 py-2 align-top font-mono text-xs">{r.sku || "—"}</td>
                          <td className="px-4 py-2">
                            <ul className="space-y-0.5">
                              {r.issues.map((issue) => (
                                <li key={`${issue.column}:${issue.message}`}>
                                  {issue.column ? (
                                    <span className="font-mono text-xs font-semibold">{issue.column}: </span>
                                  ) : null}
                                  {issue.message}
                                </li>
                              ))}
                            </ul>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            ) : null}

            {imported.length > 0 ? (
              <div className="mt-6">
                <h3 className="font-semibold">Imported rows</h3>
                <div className="mt-2 overflow-x-auto rounded-xl border border-ink-900/10 bg-white">
                  <table className="w-full text-left text-sm" data-testid="imported-rows">
                    <thead className="border-b border-ink-900/10 bg-paper-deep/60 text-xs uppercase tracking-[0.1em] text-ink-500">
                      <tr>
                        <th scope="col" className="px-4 py-2 font-semibold">
                          Row
                        </th>
                        <th scope="col" className="px-4 py-2 font-semibold">
                          Product
                        </th>
                        <th scope="col" className="px-4 py-2 font-semibold">
                          Result
                        </th>
                      </tr>
                    </thead>
                    <tbody className="divide-y divide-ink-900/8">
                      {imported.map((r) => (
                        <tr key={r.row}>
                          <td className="px-4 py-2 tabular-nums">{r.row}</td>
                          <td className="px-4 py-2">
                            {r.productId ? (
                              <Link
                                href={`/admin/products/${r.productId}`}
                                className="font-semibold hover:underline"
                              >
                                {r.title}
                              </Link>
                            ) : (
                              r.title
                            )}{" "}
                            <span className="font-mono text-xs text-ink-500">{r.sku}</span>
                          </td>
                          <td className="px-4 py-2">
                            <span
                              className={`rounded-full px-2 py-0.5 text-xs font-semibold ${outcomeStyle[r.outcome]}`}
                            >
                              {r.outcome}
                            </span>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </div>
            ) : null}
          </section>
        ) : null}
      </div>
    </div>
  );
}
