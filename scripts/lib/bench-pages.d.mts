// Types of bench-pages.mjs for TypeScript callers (its unit test).
export interface PageScripts {
  files: number;
  fileBytes: number;
  fileTransferBytes: number;
  inlineBytes: number;
  jsBytes: number;
  laterFiles: number;
  laterBytes: number;
}
export function paintAndScripts(
  urls: string[],
  options?: { idleWaitMs?: number },
): Promise<({ url: string; lcpMs: number | null } & PageScripts)[]>;
