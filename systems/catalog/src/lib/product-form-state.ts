/** The back-office product form's fields: safe to import from client components. */
export const productFormFields = ["title", "sku", "category", "price", "stock", "description"] as const;
export type ProductFormField = (typeof productFormFields)[number];
export type ProductFormValues = Record<ProductFormField, string>;
