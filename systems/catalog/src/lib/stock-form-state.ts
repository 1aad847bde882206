/** What the back-office stock adjustment form shows after an action: safe for client components. */
export const stockFormFields = ["kind", "quantity", "note"] as const;
export type StockFormField = (typeof stockFormFields)[number];
export type StockFormValues = Record<StockFormField, string>;

export interface StockFormState {
  status: "idle" | "error";
  message?: string;
  errors: Partial<Record<StockFormField, string>>;
  values?: StockFormValues;
  /** New for every answer, so that the form remounts with the submitted values. */
  attempt?: string;
}

export const idleStockFormState: StockFormState = { status: "idle", errors: {} };
