"use server";

import { randomUUID } from "node:crypto";
import { z } from "zod";
import { getDb } from "@/db/client";
import { importProductsCsv, MAX_IMPORT_BYTES } from "@/domain/product-import";
import { action } from "@/lib/action";
import type { ImportState } from "@/lib/import-state";

const importSchema = z.object({
  file: z.instanceof(File, { error: "Choose a CSV file to import." }).refine((file) => file.size > 0, {
    error: (issue) => {
      const { name } = issue.input as File;
      return name ? `${name} is empty.` : "Choose a CSV file to import.";
    },
  }),
});

/** Imports an uploaded CSV file of products and answers with the row-by-row report. */
export const importProductsAction = action<typeof importSchema, "administrator", ImportState>({
  access: "administrator",
  schema: importSchema,
  // The page shows one message about the file, not a field's.
  field: () => undefined,
  returnPath: () => "/admin/import",
  notAdministrator: "Only administrators can import products.",
  run: async ({ file }, { session, refuse }) => {
    const fileName = file.name || "upload.csv";
    if (file.size > MAX_IMPORT_BYTES) {
      const megabytes = (file.size / 1_000_000).toFixed(1);
      return {
        ...refuse({ message: `${fileName} is ${megabytes} MB; import at most 1 MB at a time.` }),
        fileName,
      };
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      const message = `${fileName} is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8 (comma delimited)”.`;
      return { ...refuse({ message }), fileName };
    }
    const result = importProductsCsv(getDb(), text, { actor: session.email });
    if (!result.ok) return { ...refuse({ message: result.message }), fileName };
    return { status: "done", errors: {}, fileName, report: result.report, attempt: randomUUID() };
  },
});
