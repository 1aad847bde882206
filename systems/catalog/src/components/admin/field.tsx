/** A labelled form control with its validation message wired for screen readers. */
export function Field({
  name,
  label,
  hint,
  error,
  className = "",
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  className?: string;
  children: (props: {
    id: string;
    name: string;
    "aria-invalid": boolean;
    "aria-describedby": string | undefined;
  }) => React.ReactNode;
}) {
  const id = `field-${name}`;
  const describedBy =
    [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children({ id, name, "aria-invalid": !!error, "aria-describedby": describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-ink-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p
          id={`${id}-error`}
          className="mt-1 text-sm font-medium text-danger-600"
          data-testid={`error-${name}`}
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}
