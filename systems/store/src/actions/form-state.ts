/** What a form's server action hands back to the form (useActionState): errors and typed values. */
export interface FormState<Field extends string = string> {
  /** One message per invalid field, shown next to it. */
  fieldErrors?: Partial<Record<Field, string>>;
  /** A message about the whole form (e.g. wrong credentials). */
  formError?: string;
  /** What the visitor typed (never passwords), to fill the form again. */
  values?: Partial<Record<Field, string>>;
}

export const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : undefined;
};

/** The first message per field of a zod error. */
export function fieldErrorsOf<Field extends string>(issues: { path: PropertyKey[]; message: string }[]) {
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "") as Field;
    errors[field] ??= issue.message;
  }
  return errors;
}
