import { describe, expect, it } from "vitest";
import { centsToInput, formatPrice, parseEuroInput } from "./money";

describe("parseEuroInput", () => {
  it.each([
    ["19", 1900],
    ["19.9", 1990],
    ["19.90", 1990],
    ["19,90", 1990],
    ["€ 1,299.00", 129900],
    ["1.299,50", 129950],
    ["1,299", 129900],
    ["0", 0],
    [" 7.05 ", 705],
    ["12.345", 1234500],
  ])("reads %j as %i cents", (input, cents) => {
    expect(parseEuroInput(input)).toBe(cents);
  });

  it.each(["", "abc", "-5", "1.2.3", "1e3", "12..5", "€"])("rejects %j", (input) => {
    expect(parseEuroInput(input)).toBeNull();
  });
});

describe("formatting", () => {
  it("shows euros for people", () => {
    expect(formatPrice(1999)).toBe("€19.99");
    expect(formatPrice(129900)).toBe("€1,299.00");
  });
  it("round-trips through the price input", () => {
    for (const cents of [0, 5, 99, 100, 1999, 129900])
      expect(parseEuroInput(centsToInput(cents))).toBe(cents);
  });
});
