/** Validates a document with the AsyncAPI parser (3.6.x; the CLI and generator need Node 24). */
import { Parser } from "@asyncapi/parser";

export interface Diagnostic {
  severity: "error" | "warning" | "information" | "hint";
  message: string;
  path: string;
}

const SEVERITIES = ["error", "warning", "information", "hint"] as const;

/** Every diagnostic of the parser (errors make the document invalid). */
export async function validateDocument(text: string): Promise<{ valid: boolean; diagnostics: Diagnostic[] }> {
  const { document, diagnostics } = await new Parser().parse(text);
  return {
    valid: document !== undefined && !diagnostics.some((d) => d.severity === 0),
    diagnostics: diagnostics.map((d) => ({
      severity: SEVERITIES[d.severity] ?? "error",
      message: d.message,
      path: d.path.join("."),
    })),
  };
}
