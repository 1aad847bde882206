/**
 * What a server action hands back to its form (React's `useActionState`): one shape in every
 * system, built by `@scs/web/action`. Free of server code, so client components import it.
 */
export interface FormState {
  /** "idle" before the first answer, "error" when refused or invalid, "done" when it stays on the page. */
  status: "idle" | "error" | "done";
  /** About the whole form: a refusal, a conflict, an issue on no field of the form. */
  message?: string;
  /** The first message per field, keyed by the field's path ("title", "tracks.2.durationSeconds"). */
  errors: Record<string, string>;
  /** The submitted text fields (never a password), to fill the form again next to its errors. */
  values?: Record<string, string>;
  /**
   * New for every answer: a form keyed on it remounts with `values` as its defaults (React resets a
   * form after its action, and a <select> would otherwise fall back to its first option).
   */
  attempt?: string;
}

export const idleFormState: FormState = { status: "idle", errors: {} };
