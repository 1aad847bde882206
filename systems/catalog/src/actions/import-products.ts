"use server";

import { randomUUID } from "node:crypto";
import { redirect } from "next/navigation";
import { getSession, isAdmin, signInFor } from "@/auth/session";
import { getDb } from "@/db/client";
import { importProductsCsv, MAX_IMPORT_BYTES } from "@/domain/product-import";
import type { ImportState } from "@/lib/import-state";

const failed = (message: string, fileName?: string): ImportState => ({
  status: "error",
  message,
  ...(fileName ? { fileName } : {}),
  attempt: randomUUID(),
});

/** Imports an uploaded CSV file of products and answers with the row-by-row report. */
export async function importProductsAction(_state: ImportState, formData: FormData): Promise<ImportState> {
  const session = await getSession();
  if (!session) redirect(signInFor("/admin/import"));
  if (!isAdmin(session)) return failed("Only administrators can import products.");

  const file = formData.get("file");
  if (!(file instanceof File) || file.size === 0) {
    return failed(
      file instanceof File && file.name ? `${file.name} is empty.` : "Choose a CSV file to import.",
    );
  }
  const fileName = file.name || "upload.csv";
  if (file.size > MAX_IMPORT_BYTES) {
    return failed(
      `${fileName} is ${(file.size / 1_000_000).toFixed(1)} MB; import at most 1 MB at a time.`,
      fileName,
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
  } catch {
    return failed(
      `${fileName} is not UTF-8 text. In your spreadsheet, save it as “CSV UTF-8 (comma delimited)”.`,
      fileName,
    );
  }
  const result = importProductsCsv(getDb(), text, { actor: session.email });
  if (!result.ok) return failed(result.message, fileName);
  return { status: "done", fileName, report: result.report, attempt: randomUUID() };
}
