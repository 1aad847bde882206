/** What the back-office product form shows after an action: safe to import from client components. */
export const productFormFields = ["title", "sku", "category", "price", "stock", "description"] as const;
export type ProductFormField = (typeof productFormFields)[number];
export type ProductFormValues = Record<ProductFormField, string>;

export interface ProductFormState {
  status: "idle" | "error";
  message?: string;
  errors: Partial<Record<ProductFormField, string>>;
  /** What was submitted, to show it again next to the errors. */
  values?: ProductFormValues;
  /**
   * New for every answer: the form remounts with the submitted values as its defaults (React
   * resets a form after its action, and a <select> would otherwise fall back to its first option).
   */
  attempt?: string;
}

export const idleFormState: ProductFormState = { status: "idle", errors: {} };
