"use client";

import { type FormState, idleFormState } from "@scs/web/form-state";
import Link from "next/link";
import { useActionState, useEffect, useRef } from "react";
import type { ProductFormValues } from "@/lib/product-form-state";
import { Field } from "./field";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export function ProductForm({
  action,
  initial,
  productId,
  categories,
  submitLabel,
  withStock = true,
}: {
  action: Action;
  /** The edit form leaves stock to the adjustment form, so that each change has a reason. */
  withStock?: boolean;
  initial: ProductFormValues;
  productId?: string;
  categories: readonly { slug: string; name: string }[];
  submitLabel: string;
}) {
  const [state, formAction, pending] = useActionState(action, idleFormState);
  const values = state.values ?? initial;
  const formRef = useRef<HTMLFormElement>(null);
  // After a rejected save, take keyboard and screen-reader users to the first field to fix.
  useEffect(() => {
    if (state.status !== "error") return;
    const form = formRef.current;
    (
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>("#form-message")
    )?.focus();
  }, [state]);
  const errors = state.errors;
  return (
    <form
      key={state.attempt ?? "initial"}
      ref={formRef}
      action={formAction}
      noValidate
      className="space-y-6"
      aria-describedby={state.message ? "form-message" : undefined}
    >
      {productId ? <input type="hidden" name="id" value={productId} /> : null}
      {state.status === "error" && state.message ? (
        <div
          id="form-message"
          role="alert"
          tabIndex={-1}
          className="rounded-lg border border-danger-600/30 bg-red-50 px-4 py-3 text-sm font-medium text-danger-600"
        >
          {state.message}
        </div>
      ) : null}

      <Field name="title" label="Title" error={errors.title}>
        {(p) => (
          <input
            {...p}
            type="text"
            defaultValue={values.title}
            maxLength={200}
            required
            className="field-input"
          />
        )}
      </Field>

      <div className="grid gap-6 sm:grid-cols-2">
        <Field
          name="sku"
          label="SKU"
          hint="Letters, digits, dots and dashes; unique in the catalog."
          error={errors.sku}
        >
          {(p) => (
            <input
              {...p}
              type="text"
              defaultValue={values.sku}
              maxLength={64}
              required
              autoCapitalize="characters"
              spellCheck={false}
              className="field-input font-mono uppercase"
            />
          )}
        </Field>
        <Field name="category" label="Department" error={errors.category}>
          {(p) => (
            <select {...p} defaultValue={values.category} required className="field-input">
              <option value="">Choose a department…</option>
              {categories.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <div className="grid gap-6 sm:grid-cols-2">
        <Field name="price" label="Price (€, VAT included)" hint="For example 24.50" error={errors.price}>
          {(p) => (
            <div className="relative">
              <span
                aria-hidden
                className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-ink-500"
              >
                €
              </span>
              <input
                {...p}
                type="text"
                inputMode="decimal"
                defaultValue={values.price}
                required
                className="field-input pl-7 tabular-nums"
              />
            </div>
          )}
        </Field>
        {withStock ? (
          <Field
            name="stock"
            label="Stock on the shelf"
            hint="0 shows the product as out of stock."
            error={errors.stock}
          >
            {(p) => (
              <input
                {...p}
                type="number"
                inputMode="numeric"
                min={0}
                step={1}
                defaultValue={values.stock}
                required
                className="field-input tabular-nums"
              />
            )}
          </Field>
        ) : (
          <div className="self-start rounded-lg bg-paper/70 px-3 py-2.5 text-sm text-ink-700">
            <p className="font-semibold text-ink-900">Stock</p>
            <p className="mt-0.5">
              Changed with an adjustment and a reason, in the{" "}
              <a href="#stock" className="font-semibold text-accent-700 hover:underline">
                Stock panel
              </a>
              .
            </p>
          </div>
        )}
      </div>

      <Field
        name="description"
        label="Description"
        hint="Shown on the product page. Blank lines start a new paragraph."
        error={errors.description}
      >
        {(p) => (
          <textarea
            {...p}
            rows={7}
            defaultValue={values.description}
            maxLength={5000}
            className="field-input leading-relaxed"
          />
        )}
      </Field>

      <div className="flex flex-wrap items-center gap-3 border-t border-ink-900/10 pt-6">
        <button type="submit" className="btn-primary" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </button>
        <Link href="/admin" className="btn-ghost">
          Cancel
        </Link>
      </div>
    </form>
  );
}
