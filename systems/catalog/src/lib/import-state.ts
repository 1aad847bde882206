/** What the CSV import page shows after an upload: safe for client components. */
import type { ImportReport } from "@/domain/product-import";

export interface ImportState {
  status: "idle" | "error" | "done";
  message?: string;
  fileName?: string;
  report?: ImportReport;
  attempt?: string;
}

export const idleImportState: ImportState = { status: "idle" };
