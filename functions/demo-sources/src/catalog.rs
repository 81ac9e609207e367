//! The shop's products: what carts and orders hold and what the health quiz recommends.

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::index;

/// A product in the demo shop.
#[derive(Debug, PartialEq)]
pub(crate) struct Product {
    pub sku: &'static str,
    pub name: &'static str,
    pub slug: &'static str,
    /// US dollars.
    pub price: f64,
    /// A line for the product's page.
    pub description: &'static str,
}

impl Product {
    /// The product's page in the shop whose base URL is `shop_url` (no trailing slash).
    pub fn url(&self, shop_url: &str) -> String {
        format!("{shop_url}/{}", self.page())
    }

    /// The product's picture in the shop whose base URL is `shop_url` (no trailing slash).
    pub fn image_url(&self, shop_url: &str) -> String {
        format!("{shop_url}/{}", self.image_path())
    }

    /// The product page's path under the shop's base URL: `{slug}.html`.
    pub fn page(&self) -> String {
        format!("{}.html", self.slug)
    }

    /// The picture's path under the shop's base URL.
    pub fn image_path(&self) -> String {
        format!("media/catalog/product/{}", self.image_file())
    }

    /// The picture's file name: `{slug}.svg`.
    pub fn image_file(&self) -> String {
        format!("{}.svg", self.slug)
    }
}

/// One to three different products, mostly one of each: what someone puts in a cart or orders.
pub(crate) fn basket(rng: &mut StdRng) -> Vec<(&'static Product, u32)> {
    let count = match rng.random_range(0..10) {
        0..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    index::sample(rng, PRODUCTS.len(), count)
        .into_iter()
        .map(|p| {
            let qty = match rng.random_range(0..20) {
                0..=13 => 1,
                14..=18 => 2,
                _ => 3,
            };
            (&PRODUCTS[p], qty)
        })
        .collect()
}

/// The product whose SKU this is.
pub(crate) fn by_sku(sku: &str) -> Option<&'static Product> {
    let sku = sku.trim();
    PRODUCTS
        .iter()
        .find(|product| product.sku.eq_ignore_ascii_case(sku))
}

/// The product whose page is `{slug}.html`.
pub(crate) fn by_slug(slug: &str) -> Option<&'static Product> {
    PRODUCTS.iter().find(|product| product.slug == slug)
}

const fn product(
    sku: &'static str,
    name: &'static str,
    slug: &'static str,
    price: f64,
    description: &'static str,
) -> Product {
    Product {
        sku,
        name,
        slug,
        price,
        description,
    }
}

pub(crate) const SLEEP_AID: Product = product(
    "SLP-01",
    "Sleep Aid Formula",
    "sleep-aid-formula",
    29.95,
    "Magnesium, L-theanine & melatonin to help you fall asleep and stay asleep.",
);
pub(crate) const B_COMPLEX: Product = product(
    "NRG-02",
    "Energy B-Complex",
    "energy-b-complex",
    24.95,
    "All eight B vitamins in their active forms, for steady energy all day.",
);
pub(crate) const ENZYMES: Product = product(
    "DIG-03",
    "Digestive Enzyme Blend",
    "digestive-enzyme-blend",
    32.95,
    "Plant enzymes & ox bile to break down protein, fat and fibre after meals.",
);
pub(crate) const BLOOD_SUGAR: Product = product(
    "GLU-04",
    "Blood Sugar Support",
    "blood-sugar-support",
    36.95,
    "Chromium, cinnamon & berberine to keep blood sugar steady between meals.",
);
pub(crate) const ADRENAL: Product = product(
    "ADR-05",
    "Adrenal Support Complex",
    "adrenal-support-complex",
    39.95,
    "Ashwagandha, rhodiola & vitamin C for the body under long-term stress.",
);
pub(crate) const IODINE: Product = product(
    "THY-06",
    "Iodine & Selenium",
    "iodine-selenium",
    18.95,
    "Iodine from kelp with selenium, the two minerals the thyroid runs on.",
);
pub(crate) const TURMERIC: Product = product(
    "TUR-07",
    "Turmeric Complex",
    "turmeric-complex",
    27.95,
    "Turmeric with black pepper for better absorption, for joints that move freely.",
);
pub(crate) const HAIR: Product = product(
    "HSN-08",
    "Hair, Skin & Nails",
    "hair-skin-nails",
    26.95,
    "Biotin, zinc & collagen for stronger hair, clearer skin and harder nails.",
);
pub(crate) const VITAMIN_D: Product = product(
    "VD3-09",
    "Vitamin D3 & K2",
    "vitamin-d3-k2",
    19.95,
    "5,000 IU of vitamin D3 with K2, so the calcium goes to the bones.",
);
pub(crate) const MAGNESIUM: Product = product(
    "MAG-10",
    "Magnesium Glycinate",
    "magnesium-glycinate",
    21.95,
    "A gentle, well-absorbed magnesium for muscles, sleep and calm.",
);
pub(crate) const PROBIOTIC: Product = product(
    "PRO-11",
    "Probiotic 50 Billion",
    "probiotic-50-billion",
    39.95,
    "Ten strains and 50 billion live cultures for a balanced gut.",
);

/// Everything the shop sells.
pub(crate) const PRODUCTS: &[Product] = &[
    SLEEP_AID,
    B_COMPLEX,
    ENZYMES,
    BLOOD_SUGAR,
    ADRENAL,
    IODINE,
    TURMERIC,
    HAIR,
    VITAMIN_D,
    MAGNESIUM,
    PROBIOTIC,
    product(
        "ELC-12",
        "Electrolyte Powder, Raspberry Lemonade",
        "electrolyte-powder-raspberry-lemonade",
        29.95,
        "Sugar-free electrolytes for fasting days and workouts: just add water.",
    ),
    product(
        "ACV-13",
        "Apple Cider Vinegar Gummies",
        "apple-cider-vinegar-gummies",
        19.95,
        "Two gummies give the apple cider vinegar of a tablespoon, without the taste.",
    ),
    product(
        "WGP-14",
        "Wheat Grass Juice Powder",
        "wheat-grass-juice-powder",
        34.95,
        "Organic wheat grass juice, dried at low heat: greens in a glass.",
    ),
    product(
        "BK-15",
        "The Healthy Keto Cookbook",
        "healthy-keto-cookbook",
        24.99,
        "120 low-carb recipes for every day, with shopping lists and meal plans.",
    ),
    product(
        "CLG-16",
        "Collagen Peptides",
        "collagen-peptides",
        44.95,
        "Grass-fed collagen types I & III that dissolve in hot or cold drinks.",
    ),
];
