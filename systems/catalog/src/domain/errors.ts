/** Failures of a domain operation that the caller must show to a person or an API client. */
export type ProductIssue = { path: string; message: string };

export class ProductError extends Error {
  constructor(
    readonly kind: "invalid" | "not_found" | "conflict",
    message: string,
    readonly issues: ProductIssue[] = [],
  ) {
    super(message);
    this.name = "ProductError";
  }
}
