/** GET /admin/import/template.csv: a sample file with the header the import expects. */
import { IMPORT_TEMPLATE } from "@/domain/product-import";

export const dynamic = "force-static";

export function GET() {
  return new Response(`${IMPORT_TEMPLATE}\r\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="catalog-import-template.csv"',
    },
  });
}
