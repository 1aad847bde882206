/** What the CSV import page shows after an upload: safe for client components. */
import type { FormState } from "@scs/web/form-state";
import type { ImportReport } from "@/domain/product-import";

export type ImportState = FormState & {
  /** The uploaded file's name, once there was one. */
  fileName?: string;
  /** Row by row, once the file was read. */
  report?: ImportReport;
};
