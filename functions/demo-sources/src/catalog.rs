//! The shop's products: what carts hold and what the health quiz recommends.

/// A product in the demo shop.
#[derive(Debug, PartialEq)]
pub(crate) struct Product {
    pub sku: &'static str,
    pub name: &'static str,
    pub slug: &'static str,
    /// US dollars.
    pub price: f64,
}

impl Product {
    pub fn url(&self) -> String {
        format!("https://shop.example.com/{}.html", self.slug)
    }

    pub fn image_url(&self) -> String {
        format!(
            "https://shop.example.com/media/catalog/product/{}.jpg",
            self.slug
        )
    }
}

const fn product(sku: &'static str, name: &'static str, slug: &'static str, price: f64) -> Product {
    Product {
        sku,
        name,
        slug,
        price,
    }
}

pub(crate) const SLEEP_AID: Product =
    product("SLP-01", "Sleep Aid Formula", "sleep-aid-formula", 29.95);
pub(crate) const B_COMPLEX: Product =
    product("NRG-02", "Energy B-Complex", "energy-b-complex", 24.95);
pub(crate) const ENZYMES: Product = product(
    "DIG-03",
    "Digestive Enzyme Blend",
    "digestive-enzyme-blend",
    32.95,
);
pub(crate) const BLOOD_SUGAR: Product = product(
    "GLU-04",
    "Blood Sugar Support",
    "blood-sugar-support",
    36.95,
);
pub(crate) const ADRENAL: Product = product(
    "ADR-05",
    "Adrenal Support Complex",
    "adrenal-support-complex",
    39.95,
);
pub(crate) const IODINE: Product = product("THY-06", "Iodine & Selenium", "iodine-selenium", 18.95);
pub(crate) const TURMERIC: Product =
    product("TUR-07", "Turmeric Complex", "turmeric-complex", 27.95);
pub(crate) const HAIR: Product = product("HSN-08", "Hair, Skin & Nails", "hair-skin-nails", 26.95);
pub(crate) const VITAMIN_D: Product = product("VD3-09", "Vitamin D3 & K2", "vitamin-d3-k2", 19.95);
pub(crate) const MAGNESIUM: Product = product(
    "MAG-10",
    "Magnesium Glycinate",
    "magnesium-glycinate",
    21.95,
);
pub(crate) const PROBIOTIC: Product = product(
    "PRO-11",
    "Probiotic 50 Billion",
    "probiotic-50-billion",
    39.95,
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
    ),
    product(
        "ACV-13",
        "Apple Cider Vinegar Gummies",
        "apple-cider-vinegar-gummies",
        19.95,
    ),
    product(
        "WGP-14",
        "Wheat Grass Juice Powder",
        "wheat-grass-juice-powder",
        34.95,
    ),
    product(
        "BK-15",
        "The Healthy Keto Cookbook",
        "healthy-keto-cookbook",
        24.99,
    ),
    product("CLG-16", "Collagen Peptides", "collagen-peptides", 44.95),
];
