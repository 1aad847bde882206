import { describe, expect, it } from "vitest";
import { stockFormSchema } from "./stock-form";

const issues = (input: Record<string, string>) =>
  Object.fromEntries(
    (stockFormSchema.safeParse(input).error?.issues ?? []).map((i) => [i.path.join("."), i.message]),
  );

describe("stockFormSchema", () => {
  it("turns the form's strings into an adjustment", () => {
    expect(stockFormSchema.parse({ id: "p", kind: "received", quantity: " 12 ", note: " DN-1 " })).toEqual({
      id: "p",
      adjustment: { kind: "received", quantity: 12, note: "DN-1" },
    });
  });

  it("says what is wrong with each field, in words", () => {
    expect(issues({ id: "p", kind: "", quantity: "" })).toEqual({
      kind: "Choose a reason",
      quantity: "Enter a quantity",
    });
    expect(issues({ id: "p", kind: "received", quantity: "2.5" })).toEqual({
      quantity: "Enter a whole number, e.g. 12",
    });
    expect(issues({ id: "p", kind: "damaged", quantity: "0" })).toEqual({
      quantity: "Enter how many, at least 1",
    });
    expect(issues({ id: "p", kind: "stolen", quantity: "1" })).toHaveProperty("kind");
  });
});
