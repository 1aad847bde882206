/**
 * A small RFC 4180 CSV reader for product imports: quoted fields (with "" for a quote, commas and
 * line breaks inside), CRLF or LF line ends, a UTF-8 byte-order mark, and the delimiter a
 * spreadsheet used (comma, semicolon — common in European locales — or tab), guessed from the
 * header line. Records are numbered like a spreadsheet's rows: the header is row 1.
 */

export interface CsvRecord {
  /** The spreadsheet row: 1 is the header. */
  row: number;
  cells: string[];
}

export type CsvResult =
  | { ok: true; delimiter: string; records: CsvRecord[] }
  | { ok: false; row: number; message: string };

const DELIMITERS = [",", ";", "\t"] as const;

/** The delimiter that splits the header line into the most cells (outside quotes). */
export function guessDelimiter(text: string): string {
  let best: string = ",";
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    let count = 0;
    let quoted = false;
    for (const char of text) {
      if (char === '"') quoted = !quoted;
      else if (!quoted && (char === "\n" || char === "\r")) break;
      else if (!quoted && char === delimiter) count++;
    }
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Parses CSV text into records. Blank lines are skipped but still count as rows, and a quoted line
 * break stays inside its row, so row numbers match what a spreadsheet shows for the same file.
 */
export function parseCsv(input: string, delimiter?: string): CsvResult {
  const text = input.replace(/^\uFEFF/, "");
  const sep = delimiter ?? guessDelimiter(text);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  /** Whether the current cell began with a quote: its content is then taken as is, untrimmed. */
  let wasQuoted = false;
  let row = 1;

  const endCell = () => {
    cells.push(wasQuoted ? cell : cell.trim());
    cell = "";
    wasQuoted = false;
  };
  const endRecord = () => {
    endCell();
    if (cells.length > 1 || cells[0] !== "") records.push({ row, cells });
    cells = [];
    row++;
  };

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (char === '"' && !wasQuoted && cell.trim() === "") {
      quoted = true;
      wasQuoted = true;
      cell = "";
    } else if (char === sep) endCell();
    else if (char === "\n" || char === "\r") {
      if (char === "\r" && text[i + 1] === "\n") i++;
      endRecord();
    } else cell += char; // includes text after a closing quote ("a"b → a b), as spreadsheets do
  }
  if (quoted) return { ok: false, row, message: `Row ${row}: a quoted value is never closed` };
  if (cell !== "" || wasQuoted || cells.length > 0) endRecord();
  return { ok: true, delimiter: sep, records };
}
