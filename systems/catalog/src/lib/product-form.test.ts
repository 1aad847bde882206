import { describe, expect, it } from "vitest";
import { formFieldOf, productEditFormSchema, productFormSchema } from "./product-form";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

const valid = {
  title: "Linen Tea Towels",
  sku: "hk-towel-2",
  category: "home-kitchen",
  price: "19,50",
  stock: "25",
  description: "Stonewashed.",
};

describe("productFormSchema", () => {
  it("turns the form's strings into the domain's input", () => {
    expect(productFormSchema.parse(Object.fromEntries(form(valid)))).toEqual({
      title: "Linen Tea Towels",
      sku: "HK-TOWEL-2",
      category: "home-kitchen",
      priceCents: 1950,
      stock: 25,
      description: "Stonewashed.",
    });
  });

  it("reports every bad field at once, with words for people", () => {
    const result = productFormSchema.safeParse({
      ...valid,
      title: "",
      price: "a lot",
      stock: "2.5",
      category: "",
    });
    const byField = Object.fromEntries(
      (result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]),
    );
    expect(byField).toEqual({
      title: "Title is required",
      price: "Enter a price in euros, e.g. 24.50",
      stock: "Enter a whole number, e.g. 12",
      category: "Choose a department",
    });
  });

  it("applies the domain's own limits to converted values", () => {
    const result = productFormSchema.safeParse({ ...valid, stock: "-1", price: "2000000" });
    expect(result.error?.issues.map((i) => i.path.join(".")).sort()).toEqual(["price", "stock"]);
  });
});

describe("form helpers", () => {
  it("names the price field after the form, not the API", () => {
    expect(formFieldOf("priceCents")).toBe("price");
    expect(formFieldOf("sku")).toBe("sku");
    expect(formFieldOf("")).toBeUndefined();
  });
});

describe("productEditFormSchema", () => {
  it("leaves the stock out: stock changes are adjustments with a reason", () => {
    const { stock: _stock, ...rest } = valid;
    expect(productEditFormSchema.parse({ ...rest, stock: "999" })).toEqual({
      title: "Linen Tea Towels",
      sku: "HK-TOWEL-2",
      category: "home-kitchen",
      priceCents: 1950,
      description: "Stonewashed.",
    });
  });
});
