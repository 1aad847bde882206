/**
 * The catalog's fixed list of categories. Products store the slug; the API and the events carry
 * the slug too (stable, URL-safe), and pages show the name.
 */
export const categories = [
  {
    slug: "home-kitchen",
    name: "Home & Kitchen",
    blurb: "Stoneware, linen and cast iron that earn their place on the shelf.",
  },
  {
    slug: "books",
    name: "Books",
    blurb: "Cookbooks, field guides and novels worth a second read.",
  },
  {
    slug: "outdoor",
    name: "Outdoor",
    blurb: "Kit for long walks, cold mornings and nights under canvas.",
  },
  {
    slug: "electronics",
    name: "Electronics",
    blurb: "Quiet, well-made devices for listening, lighting and charging.",
  },
  {
    slug: "toys-games",
    name: "Toys & Games",
    blurb: "Wooden toys and table games for every age around the table.",
  },
  {
    slug: "stationery",
    name: "Stationery",
    blurb: "Notebooks, pens and paper goods for people who still write things down.",
  },
] as const;

export type Category = (typeof categories)[number];
export type CategorySlug = Category["slug"];

export const categorySlugs = categories.map((c) => c.slug) as [CategorySlug, ...CategorySlug[]];

export const isCategorySlug = (value: string): value is CategorySlug =>
  categories.some((c) => c.slug === value);

export const categoryOf = (slug: string): Category | undefined => categories.find((c) => c.slug === slug);

/** The display name of a category slug (the slug itself if unknown). */
export const categoryName = (slug: string): string => categoryOf(slug)?.name ?? slug;
