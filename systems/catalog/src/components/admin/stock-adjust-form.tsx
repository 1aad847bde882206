"use client";

import { idleFormState } from "@scs/web/form-state";
import { useActionState, useEffect, useRef, useState } from "react";
import { adjustStockAction } from "@/actions/adjust-stock";

const kinds = [
  { value: "received", label: "Received a delivery", hint: "Adds to the shelf", sign: "+" },
  { value: "returned", label: "Customer return", hint: "Back on the shelf", sign: "+" },
  { value: "damaged", label: "Damaged or lost", hint: "Takes off the shelf", sign: "−" },
  { value: "count", label: "Stock count", hint: "Sets the number counted", sign: "=" },
] as const;

/** Records a stock adjustment with a reason; shows what the stock will be before it is saved. */
export function StockAdjustForm({ productId, stock }: { productId: string; stock: number }) {
  const [state, formAction, pending] = useActionState(adjustStockAction, idleFormState);
  const values = state.values ?? { kind: "received", quantity: "", note: "" };
  const [kind, setKind] = useState(values.kind ?? "received");
  const [quantity, setQuantity] = useState(values.quantity ?? "");
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    if (state.status !== "error") return;
    setKind(state.values?.kind ?? "received");
    setQuantity(state.values?.quantity ?? "");
    const form = formRef.current;
    (
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>("#stock-form-message")
    )?.focus();
  }, [state]);

  const n = /^\d+$/.test(quantity.trim()) ? Number(quantity) : null;
  const after = n === null ? null : kind === "count" ? n : kind === "damaged" ? stock - n : stock + n;
  const errors = state.errors;

  return (
    <form key={state.attempt ?? "initial"} ref={formRef} action={formAction} noValidate className="space-y-5">
      <input type="hidden" name="id" value={productId} />
      {state.status === "error" && state.message ? (
        <div
          id="stock-form-message"
          role="alert"
          tabIndex={-1}
          className="rounded-lg border border-danger-600/30 bg-red-50 px-3 py-2 text-sm font-medium text-danger-600"
        >
          {state.message}
        </div>
      ) : null}
      <fieldset aria-describedby={errors.kind ? "stock-kind-error" : undefined}>
        <legend className="field-label">Reason</legend>
        <div className="grid grid-cols-2 gap-2">
          {kinds.map((k) => (
            <label
              key={k.value}
              className="relative flex cursor-pointer flex-col rounded-lg border border-ink-900/15 bg-white px-3 py-2 text-sm has-checked:border-forest-700 has-checked:bg-forest-50 has-checked:ring-1 has-checked:ring-forest-700 has-focus-visible:outline-2 has-focus-visible:outline-accent-500"
            >
              <input
                type="radio"
                name="kind"
                value={k.value}
                defaultChecked={values.kind === k.value}
                onChange={() => setKind(k.value)}
                className="sr-only"
              />
              <span className="font-semibold text-ink-900">
                <span aria-hidden className="mr-1 inline-block w-3 text-forest-700">
                  {k.sign}
                </span>
                {k.label}
              </span>
              <span className="pl-4 text-xs text-ink-500">{k.hint}</span>
            </label>
          ))}
        </div>
        {errors.kind ? (
          <p id="stock-kind-error" className="mt-1 text-sm font-medium text-danger-600">
            {errors.kind}
          </p>
        ) : null}
      </fieldset>

      <div className="grid grid-cols-[8rem_1fr] gap-3">
        <div>
          <label htmlFor="stock-quantity" className="field-label">
            {kind === "count" ? "Counted" : "Quantity"}
          </label>
          <input
            id="stock-quantity"
            name="quantity"
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            required
            defaultValue={values.quantity}
            onChange={(e) => setQuantity(e.target.value)}
            aria-invalid={!!errors.quantity}
            aria-describedby={errors.quantity ? "stock-quantity-error" : "stock-after"}
            className="field-input tabular-nums"
            data-testid="stock-quantity"
          />
        </div>
        <div>
          <label htmlFor="stock-note" className="field-label">
            Note <span className="font-normal text-ink-500">(optional)</span>
          </label>
          <input
            id="stock-note"
            name="note"
            type="text"
            maxLength={500}
            defaultValue={values.note}
            placeholder={
              kind === "received" ? "Delivery note DN-2291" : kind === "damaged" ? "Chipped in transit" : ""
            }
            aria-invalid={!!errors.note}
            aria-describedby={errors.note ? "stock-note-error" : undefined}
            className="field-input"
          />
        </div>
      </div>
      {errors.quantity ? (
        <p
          id="stock-quantity-error"
          className="-mt-3 text-sm font-medium text-danger-600"
          data-testid="error-quantity"
        >
          {errors.quantity}
        </p>
      ) : null}
      {errors.note ? (
        <p id="stock-note-error" className="-mt-3 text-sm font-medium text-danger-600">
          {errors.note}
        </p>
      ) : null}

      <div className="flex flex-wrap items-center justify-between gap-3 border-t border-ink-900/10 pt-4">
        <p id="stock-after" className="text-sm text-ink-700" aria-live="polite">
          {after === null ? (
            <>
              Now <span className="font-semibold tabular-nums">{stock}</span> on the shelf
            </>
          ) : after < 0 ? (
            <span className="font-medium text-danger-600">Only {stock} on the shelf</span>
          ) : (
            <>
              <span className="tabular-nums">{stock}</span> →{" "}
              <span className="font-semibold tabular-nums text-ink-900">{after}</span> after this
            </>
          )}
        </p>
        <button type="submit" className="btn-dark" disabled={pending}>
          {pending ? "Recording…" : "Record adjustment"}
        </button>
      </div>
    </form>
  );
}
