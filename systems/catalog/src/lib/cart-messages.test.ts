import { describe, expect, it } from "vitest";
import { cartErrorMessage } from "./cart-messages";

describe("cartErrorMessage", () => {
  it("puts known codes into words", () => {
    expect(cartErrorMessage("out-of-stock")).toMatch(/sold out/);
    expect(cartErrorMessage("unavailable")).toMatch(/sold out/);
    expect(cartErrorMessage("unknown_item")).toMatch(/doesn't list/);
    expect(cartErrorMessage("invalid-quantity")).toMatch(/between 1 and 99/);
  });
  it("shows a sentence as it came, and something safe for anything else", () => {
    expect(cartErrorMessage("Only 2 left of “Mug”.")).toBe("Only 2 left of “Mug”.");
    expect(cartErrorMessage("Quantity must be 1–99 — try fewer.")).toBe("Quantity must be 1–99 — try fewer.");
    expect(cartErrorMessage("Call us at https://evil.example now")).toBe(
      "The Store couldn't add this to your cart. Please try again.",
    );
    expect(cartErrorMessage("<script>alert(1)</script>")).toBe(
      "The Store couldn't add this to your cart. Please try again.",
    );
  });
});
