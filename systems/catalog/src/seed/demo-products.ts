/** The demo range: real-sounding goods with honest descriptions (prices in cents, EUR). */
import type { CreateProductInput } from "@/domain/products";

type Demo = Omit<CreateProductInput, "category">;

export const demoProducts: Record<string, Demo[]> = {
  "home-kitchen": [
    {
      sku: "HK-MUG-350",
      title: "Stoneware Mug, Speckled Oat",
      priceCents: 1800,
      stock: 46,
      description:
        "A generous 350 ml mug thrown in Portuguese stoneware and finished in a speckled oat glaze that looks different on every piece.\n\nDishwasher and microwave safe. The handle fits three fingers, not two.",
    },
    {
      sku: "HK-KETTLE-15",
      title: "Enamel Tea Kettle",
      priceCents: 5400,
      stock: 9,
      description:
        "A 1.5 litre enamelled steel kettle with a beech handle that stays cool. Works on gas, electric and induction hobs, and whistles softly when it boils.",
    },
    {
      sku: "HK-SKILLET-26",
      title: "Cast Iron Skillet, 26 cm",
      priceCents: 4900,
      stock: 22,
      description:
        "Pre-seasoned with flaxseed oil and ready for the first egg. Heavy enough to sear properly, light enough to lift one-handed.\n\nGets better every time you use it; never goes in the dishwasher.",
    },
    {
      sku: "HK-BOWL-SET3",
      title: "Nesting Bowls, Set of Three",
      priceCents: 3600,
      stock: 14,
      description:
        "Three porcelain bowls (12, 16 and 20 cm) that stack neatly into one. Glazed inside, bare and matte on the outside for a good grip.",
    },
    {
      sku: "HK-POUR-OVER",
      title: "Ceramic Pour-Over Coffee Dripper",
      priceCents: 2600,
      stock: 0,
      description:
        "A single-cup dripper with spiral ribs for an even extraction. Takes standard size 02 filters. Back in stock soon: the last firing sold out in a week.",
    },
    {
      sku: "HK-VASE-BUD",
      title: "Bud Vase in Terracotta",
      priceCents: 2200,
      stock: 31,
      description:
        "Hand-formed terracotta with a waterproof glaze inside. Made for one stem, or three small ones from the garden.",
    },
    {
      sku: "HK-DUTCH-4L",
      title: "Enamelled Dutch Oven, 4 L",
      priceCents: 11900,
      stock: 4,
      description:
        "Cast iron under a chip-resistant enamel, with a tight lid that keeps stews moist for hours. Oven safe to 250 °C.",
    },
    {
      sku: "HK-PLATE-4",
      title: "Linen-Edge Dinner Plates, Set of 4",
      priceCents: 6400,
      stock: 12,
      description:
        "27 cm stoneware plates with a raw, linen-textured rim. Oven, microwave and dishwasher safe; stack low in the cupboard.",
    },
  ],
  books: [
    {
      sku: "BK-SALT-COOK",
      title: "Salt, Smoke & Embers: A Cookbook",
      priceCents: 3400,
      stock: 18,
      description:
        "Ninety recipes for cooking over wood and charcoal, from flatbreads to whole fish, with clear notes on building and reading a fire. Hardback, 320 pages.",
    },
    {
      sku: "BK-BIRDS-GUIDE",
      title: "Field Guide to the Birds of Europe",
      priceCents: 2900,
      stock: 25,
      description:
        "The pocket guide birders actually carry: 750 species, painted plates opposite every description, and distribution maps that fit in a rain jacket.",
    },
    {
      sku: "BK-QUIET-YEAR",
      title: "A Quiet Year",
      priceCents: 1900,
      stock: 40,
      description:
        "A novel about a lighthouse keeper's daughter who stays on after the light is automated. Spare, funny and unexpectedly moving. Paperback.",
    },
    {
      sku: "BK-CLASSICS-BOX",
      title: "Classic Novels Box Set",
      priceCents: 7500,
      stock: 6,
      description:
        "Six cloth-bound classics, from Austen to Conrad, in a slipcase that looks good on a shelf. Ribbon markers in every volume.",
    },
    {
      sku: "BK-BREAD-HAND",
      title: "Bread by Hand",
      priceCents: 2700,
      stock: 0,
      description:
        "Sourdough, rye and everyday loaves without a mixer, explained step by step with photographs of how the dough should look at each stage.",
    },
    {
      sku: "BK-TREES-ATLAS",
      title: "An Atlas of Remarkable Trees",
      priceCents: 3900,
      stock: 11,
      description:
        "Eighty trees with a story: the oldest, the tallest, the most stubborn. Large-format hardback with botanical drawings and maps.",
    },
    {
      sku: "BK-SEA-ESSAYS",
      title: "Letters from the Coast: Essays",
      priceCents: 2100,
      stock: 15,
      description:
        "Short essays on tides, weather and small harbour towns, written over one winter. A good book for a train journey.",
    },
  ],
  outdoor: [
    {
      sku: "OD-TENT-2P",
      title: "Two-Person Trekking Tent",
      priceCents: 24900,
      stock: 7,
      description:
        "A freestanding tent that weighs 1.6 kg and pitches in four minutes. Two doors, two porches, and a fly that sheds a proper downpour (3,000 mm).",
    },
    {
      sku: "OD-LANTERN-BRASS",
      title: "Brass Camping Lantern",
      priceCents: 5900,
      stock: 13,
      description:
        "A rechargeable LED lantern in a brushed brass frame with a warm, dimmable glow. Up to 60 hours on the lowest setting; charges over USB-C.",
    },
    {
      sku: "OD-BOTTLE-750",
      title: "Insulated Steel Bottle, 750 ml",
      priceCents: 3200,
      stock: 58,
      description:
        "Double-walled stainless steel keeps water cold for 24 hours and tea hot for 12. Leak-proof lid with a carry loop.",
    },
    {
      sku: "OD-DAYPACK-22",
      title: "Waxed Canvas Daypack, 22 L",
      priceCents: 8900,
      stock: 3,
      description:
        "Waxed cotton canvas with leather trims and a padded laptop sleeve. Water-resistant, and it looks better with every scuff.",
    },
    {
      sku: "OD-HAMMOCK",
      title: "Parachute Silk Hammock",
      priceCents: 4400,
      stock: 0,
      description:
        "Packs down to the size of a grapefruit and holds 180 kg. Tree-friendly straps included; hang it in two minutes.",
    },
    {
      sku: "OD-SOCKS-MERINO",
      title: "Merino Hiking Socks, Two Pairs",
      priceCents: 2400,
      stock: 70,
      description:
        "Cushioned merino wool socks that stay warm when wet and don't smell after three days on the trail. Reinforced heel and toe.",
    },
    {
      sku: "OD-FLASK-HIP",
      title: "Pewter Hip Flask",
      priceCents: 3800,
      stock: 9,
      description:
        "A 180 ml flask in lead-free pewter with a captive screw cap. Fits the chest pocket of most jackets.",
    },
    {
      sku: "OD-HEADLAMP",
      title: "Rechargeable Headlamp, 400 Lumens",
      priceCents: 4200,
      stock: 21,
      description:
        "A red night mode that keeps your eyes adjusted, a lock so it doesn't switch on in your bag, and 7 hours on full beam.",
    },
  ],
  electronics: [
    {
      sku: "EL-HEADPHONES-ANC",
      title: "Wireless Headphones with Noise Cancelling",
      priceCents: 19900,
      stock: 16,
      description:
        "Closed-back over-ears with adaptive noise cancelling and 40 hours of battery. Soft protein-leather cushions and a fold-flat design for travel.",
    },
    {
      sku: "EL-SPEAKER-OAK",
      title: "Bookshelf Speaker in Oak",
      priceCents: 14900,
      stock: 8,
      description:
        "A compact Bluetooth speaker in a solid oak cabinet with a fabric grille. Fills a living room without booming, and pairs two as a stereo set.",
    },
    {
      sku: "EL-RADIO-DAB",
      title: "Walnut DAB+ Radio",
      priceCents: 12900,
      stock: 0,
      description:
        "Digital and FM radio with five presets, a clear dial and a real volume knob. Runs on mains power or six AA batteries.",
    },
    {
      sku: "EL-LAMP-DESK",
      title: "Adjustable Desk Lamp",
      priceCents: 8900,
      stock: 19,
      description:
        "A spring-balanced arm that stays where you put it, and a dimmable LED with a warm 2,700 K light that is easy on the eyes at night.",
    },
    {
      sku: "EL-POWERBANK-10K",
      title: "Slim Power Bank, 10,000 mAh",
      priceCents: 3900,
      stock: 64,
      description:
        "Charges a phone about twice over. USB-C in and out with 20 W fast charging, in an aluminium shell the size of a deck of cards.",
    },
    {
      sku: "EL-EARBUDS",
      title: "True Wireless Earbuds",
      priceCents: 8900,
      stock: 2,
      description:
        "Small, light earbuds with a clear, balanced sound and six hours per charge (24 with the case). Sweat resistant.",
    },
    {
      sku: "EL-CHARGER-3IN1",
      title: "Wooden Wireless Charging Stand",
      priceCents: 5900,
      stock: 27,
      description:
        "Charges a phone, earbuds and a watch at once from one cable. Walnut base, fabric top that won't scratch.",
    },
  ],
  "toys-games": [
    {
      sku: "TG-BLOCKS-50",
      title: "Wooden Building Blocks, 50 Pieces",
      priceCents: 4200,
      stock: 23,
      description:
        "Beech blocks in eight shapes, sanded smooth and finished with water-based colours. Comes in a cotton bag. From 12 months.",
    },
    {
      sku: "TG-DICE-SET",
      title: "Dice Game Set in Linen Box",
      priceCents: 2400,
      stock: 35,
      description:
        "Five wooden dice, scoring pads and the rules for six classic dice games, all in a linen box that lives happily on a coffee table.",
    },
    {
      sku: "TG-CHESS-TRAVEL",
      title: "Travel Chess Board",
      priceCents: 3400,
      stock: 12,
      description:
        "A folding walnut and maple board with magnetic pieces that stay put on trains. Pieces store inside; 25 cm open.",
    },
    {
      sku: "TG-KITE-DELTA",
      title: "Delta Kite",
      priceCents: 2900,
      stock: 0,
      description:
        "An easy flyer for light winds, with a ripstop sail and fibreglass spars. 30 m of line on a wooden winder included.",
    },
    {
      sku: "TG-PUZZLE-1000",
      title: "Botanical Puzzle, 1000 Pieces",
      priceCents: 2600,
      stock: 17,
      description:
        "A jigsaw of vintage botanical plates, printed on thick recycled board with pieces that click firmly together. Poster included.",
    },
    {
      sku: "TG-BACKGAMMON",
      title: "Backgammon Board in Cork",
      priceCents: 5200,
      stock: 5,
      description:
        "A quiet board: cork points muffle the dice. Latches shut to carry, with the checkers and doubling cube tucked inside.",
    },
    {
      sku: "TG-STACKING-RAINBOW",
      title: "Stacking Rainbow",
      priceCents: 3900,
      stock: 14,
      description:
        "Twelve arches of solid lime wood to stack, balance and build with. Open-ended play that grows up with the child.",
    },
  ],
  stationery: [
    {
      sku: "ST-NOTEBOOK-A5",
      title: "Dot Grid Notebook, A5",
      priceCents: 1900,
      stock: 80,
      description:
        "192 numbered pages of 100 g paper that fountain pens don't bleed through. Lies flat, with an elastic closure and two ribbon markers.",
    },
    {
      sku: "ST-PENCIL-12",
      title: "Graphite Pencils, Box of 12",
      priceCents: 1200,
      stock: 64,
      description:
        "Cedar pencils from 4H to 8B for sketching and writing, in a tin that doubles as a pencil case.",
    },
    {
      sku: "ST-FOUNTAIN-PEN",
      title: "Fountain Pen, Medium Nib",
      priceCents: 4800,
      stock: 10,
      description:
        "A steel medium nib that writes smoothly from the first line, in a lacquered barrel with a brass clip. Takes standard international cartridges.",
    },
    {
      sku: "ST-CARDS-LETTERPRESS",
      title: "Letterpress Cards, Pack of 8",
      priceCents: 1600,
      stock: 0,
      description:
        "Eight blank cards printed on a 1960s letterpress with envelopes in four colours. For the notes that deserve paper.",
    },
    {
      sku: "ST-PLANNER-WEEK",
      title: "Undated Weekly Planner",
      priceCents: 2400,
      stock: 29,
      description:
        "A week on two pages, with room for lists and a monthly overview. Undated, so you can start any Monday.",
    },
    {
      sku: "ST-INK-BLUE",
      title: "Blue-Black Fountain Pen Ink, 50 ml",
      priceCents: 1400,
      stock: 33,
      description:
        "A well-behaved ink that dries quickly and darkens on the page. Water-resistant once dry; glass bottle with a wide base.",
    },
    {
      sku: "ST-POSTCARDS",
      title: "Illustrated Postcards, Set of 12",
      priceCents: 1300,
      stock: 45,
      description: "Twelve postcards of coastal towns drawn in ink and watercolour, on heavy uncoated card.",
    },
    {
      sku: "ST-SKETCHBOOK",
      title: "Linen Sketchbook, A4",
      priceCents: 2800,
      stock: 4,
      description:
        "Heavy 150 g cartridge paper that takes pencil, ink and light washes, sewn in signatures under a linen cover.",
    },
  ],
};
