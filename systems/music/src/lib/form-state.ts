/** What a back-office action returns to its form (useActionState). */
export interface FormState {
  /** A message about the whole form: a conflict, an expired session, or a confirmation. */
  message?: string;
  tone?: "error" | "success";
  /** Messages per field, keyed by the schema path: "title", "tracks", "tracks.2.durationSeconds". */
  errors?: Record<string, string>;
  /** What was submitted, to show it again next to the errors. */
  values?: Record<string, string>;
}

export const initialFormState: FormState = {};
