/** A labelled input with its error message wired for screen readers. */
import type { InputHTMLAttributes } from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string;
  hint?: string;
}

export function Field({ name, label, error, hint, ...input }: FieldProps) {
  const id = `field-${name}`;
  const described = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-ink-900">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        className={`mt-1.5 block w-full rounded-xl border bg-white px-4 py-3 text-ink-900 shadow-sm placeholder:text-ink-300 focus:outline-none focus:ring-4 ${
          error
            ? "border-danger-600 focus:border-danger-600 focus:ring-danger-600/15"
            : "border-ink-200 focus:border-accent-500 focus:ring-accent-100"
        }`}
        {...input}
      />
      {hint && !error && (
        <p id={`${id}-hint`} className="mt-1.5 text-xs text-ink-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1.5 text-sm text-danger-600">
          {error}
        </p>
      )}
    </div>
  );
}
