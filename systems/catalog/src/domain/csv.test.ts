import { describe, expect, it } from "vitest";
import { guessDelimiter, parseCsv } from "./csv";

const cells = (text: string) => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(result.message);
  return result.records.map((r) => [r.row, ...r.cells]);
};

describe("parseCsv", () => {
  it("reads plain rows, trimming unquoted cells", () => {
    expect(cells("a,b,c\n1, 2 ,3\n")).toEqual([
      [1, "a", "b", "c"],
      [2, "1", "2", "3"],
    ]);
  });

  it("reads quoted cells with delimiters, doubled quotes and line breaks, keeping spreadsheet row numbers", () => {
    expect(cells('sku,description\r\nA,"Lies flat, ""really""\r\nreally"\r\nB,plain\r\n')).toEqual([
      [1, "sku", "description"],
      [2, "A", 'Lies flat, "really"\r\nreally'],
      [3, "B", "plain"],
    ]);
  });

  it("skips blank lines but counts them as rows, and drops a byte-order mark", () => {
    expect(cells("\uFEFFa,b\n\n1,2")).toEqual([
      [1, "a", "b"],
      [3, "1", "2"],
    ]);
  });

  it("keeps empty cells, including a trailing one", () => {
    expect(cells('a,b,c\n1,,\n"",x,')).toEqual([
      [1, "a", "b", "c"],
      [2, "1", "", ""],
      [3, "", "x", ""],
    ]);
  });

  it("takes a quote inside an unquoted cell literally", () => {
    expect(cells('size\n5" screen')).toEqual([
      [1, "size"],
      [2, '5" screen'],
    ]);
  });

  it("reports a quote that is never closed, with its row", () => {
    expect(parseCsv('a,b\n1,"open\n2,3')).toEqual({
      ok: false,
      row: 2,
      message: "Row 2: a quoted value is never closed",
    });
  });

  it("guesses semicolon and tab delimiters from the header", () => {
    expect(guessDelimiter("sku;title;price\nA;B,C;1,50")).toBe(";");
    expect(guessDelimiter("sku\ttitle\nA\tB")).toBe("\t");
    expect(guessDelimiter('"a;b",c\n')).toBe(",");
    expect(cells("sku;price\nA;1,50")).toEqual([
      [1, "sku", "price"],
      [2, "A", "1,50"],
    ]);
  });
});
