//! The reference supplier's demo catalogue, generated as SQL for its D1 database.
//!
//! `cargo xtask dev` and `cargo xtask test` load [`supply_seed_sql`] into an empty
//! supplier database, so the widget, the edge and the integration tests have a
//! catalogue that looks like a real Chinese dropship supplier's: bilingual titles,
//! colour × size SKUs, prices in fen, some sold-out and low-stock variants.
//!
//! Invariants:
//! - Deterministic: a fixed-seed splitmix64 generator and a fixed "now", never the
//!   clock or an outside crate, so product ids, SKU codes, prices and stock are the
//!   same on every machine and every run (tests and bookmarks can rely on them).
//! - Product ids run `P10001`, `P10002`, … up to [`DEMO_PRODUCT_COUNT`]; SKU codes
//!   are unique and match `^[A-Z0-9][A-Z0-9-]{0,63}$`.
//! - Every row satisfies the CHECK constraints of `supply/migrations/0001_init.sql`.
//! - Titles are plain text under 60 characters, and no two products share one.
//! - [`fixture_sql`] adds two products the browser tests rely on, oldest of all so
//!   they list last: `P90001`, whose titles are the markup
//!   `<img src=x onerror=alert(1)>` (it must show as text), and `P90002`, a tee in
//!   two colours × two sizes whose `P90002-BLK-M` is sold out and the rest in stock.
//! - The SQL has no transaction statements (D1's `execute --file` refuses them) and
//!   at most [`ROWS_PER_INSERT`] rows per `INSERT`, because D1 limits statement size.

use std::fmt::Write;

/// Products per category: the six categories are exactly balanced.
const PER_CATEGORY: usize = 54;
/// How many products the demo catalogue has (the integration tests page through at
/// least 300, and the brief asks for at least 320).
pub const DEMO_PRODUCT_COUNT: usize = PER_CATEGORY * 6;
const _: () = assert!(DEMO_PRODUCT_COUNT >= 320);
/// The newest `updated_at` in the catalogue (unix seconds): a fixed instant, not
/// the clock, so the output never changes.
const NEWEST: i64 = 1_790_000_000;
/// How far back `updated_at` spreads: 30 days, so `updated_since` paging has
/// something to page through.
const SPREAD_SECONDS: i64 = 30 * 86_400;
/// The most rows one `INSERT` carries: D1 limits the size of one statement.
const ROWS_PER_INSERT: usize = 50;
/// The most SKUs one product has, as the Supply API's clients expect.
const MAX_SKUS: usize = 12;
/// The generator's seed: changing it reshuffles the whole catalogue.
const SEED: u64 = 0x5EED_CAFE_2026;

/// splitmix64: tiny, well mixed and dependency-free, which is all demo data needs.
struct Rng(u64);

impl Rng {
    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi` (the modulo bias is irrelevant at these sizes).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }

    /// An index in `0..len` (`0` for an empty range, which callers never ask for).
    fn index(&mut self, len: usize) -> usize {
        if len == 0 {
            return 0;
        }
        (self.next() % len as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// Fisher–Yates, so picks without repetition stay deterministic.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.index(i + 1);
            items.swap(i, j);
        }
    }
}

/// One value of an option axis, as stored in the `options` JSON.
struct Opt {
    /// The axis name: colour, size, volume, shade, spec, flavour or weight.
    axis: &'static str,
    /// The short uppercase ASCII code used in the SKU code.
    code: &'static str,
    /// The value in Chinese.
    zh: &'static str,
    /// The value in English.
    en: &'static str,
    /// The supply price of this value relative to the smallest, in percent: bigger
    /// packs and sizes cost the supplier more.
    pct: i64,
}

/// Builds an [`Opt`] in a const table without repeating field names.
const fn o(
    axis: &'static str,
    code: &'static str,
    zh: &'static str,
    en: &'static str,
    pct: i64,
) -> Opt {
    Opt {
        axis,
        code,
        zh,
        en,
        pct,
    }
}

/// Clothing colours.
const APPAREL_COLOURS: &[Opt] = &[
    o("colour", "BLK", "黑色", "Black", 100),
    o("colour", "WHT", "白色", "White", 100),
    o("colour", "GRY", "浅灰", "Light Grey", 100),
    o("colour", "NVY", "藏青", "Navy", 100),
    o("colour", "KHA", "卡其", "Khaki", 100),
    o("colour", "OAT", "燕麦色", "Oatmeal", 100),
    o("colour", "BLU", "雾霾蓝", "Haze Blue", 100),
    o("colour", "GRN", "牛油果绿", "Avocado Green", 100),
    o("colour", "BUR", "酒红", "Burgundy", 100),
    o("colour", "APR", "杏色", "Apricot", 100),
];
/// Clothing sizes; the biggest cost a little more fabric.
const SIZES: &[Opt] = &[
    o("size", "S", "S", "S", 100),
    o("size", "M", "M", "M", 100),
    o("size", "L", "L", "L", 100),
    o("size", "XL", "XL", "XL", 105),
    o("size", "XXL", "XXL", "XXL", 110),
];
/// Colours of homeware.
const HOME_COLOURS: &[Opt] = &[
    o("colour", "IVO", "米白", "Ivory", 100),
    o("colour", "GRY", "浅灰", "Light Grey", 100),
    o("colour", "BLU", "雾霾蓝", "Haze Blue", 100),
    o("colour", "PNK", "豆沙粉", "Dusty Pink", 100),
    o("colour", "GRN", "墨绿", "Forest Green", 100),
    o("colour", "WOD", "原木色", "Natural Wood", 100),
    o("colour", "LAT", "奶咖色", "Latte", 100),
    o("colour", "BLK", "黑色", "Black", 100),
];
/// Bed widths for bedding.
const BED_SIZES: &[Opt] = &[
    o("spec", "120", "1.2m床", "1.2 m bed", 100),
    o("spec", "150", "1.5m床", "1.5 m bed", 115),
    o("spec", "180", "1.8m床", "1.8 m bed", 130),
    o("spec", "200", "2.0m床", "2.0 m bed", 145),
];
/// Single items or pairs.
const PAIRS: &[Opt] = &[
    o("spec", "1PC", "单只装", "Single", 100),
    o("spec", "2PC", "一对装", "Pair", 190),
];
/// Small, medium and large.
const SML: &[Opt] = &[
    o("spec", "S", "小号", "Small", 100),
    o("spec", "M", "中号", "Medium", 135),
    o("spec", "L", "大号", "Large", 170),
];
/// Cup capacities.
const CUPS: &[Opt] = &[
    o("spec", "350ML", "350ml", "350 ml", 100),
    o("spec", "450ML", "450ml", "450 ml", 115),
    o("spec", "600ML", "600ml", "600 ml", 130),
];
/// Candle sizes.
const CANDLES: &[Opt] = &[
    o("spec", "100G", "100g小杯", "100 g jar", 100),
    o("spec", "200G", "200g大杯", "200 g jar", 170),
    o("spec", "GIFT", "礼盒装", "Gift box", 230),
];
/// Pan diameters.
const PANS: &[Opt] = &[
    o("spec", "28CM", "28cm", "28 cm", 100),
    o("spec", "30CM", "30cm", "30 cm", 110),
    o("spec", "32CM", "32cm", "32 cm", 120),
];
/// Blanket dimensions.
const THROWS: &[Opt] = &[
    o("spec", "100X150", "100×150cm", "100 x 150 cm", 100),
    o("spec", "150X200", "150×200cm", "150 x 200 cm", 150),
    o("spec", "200X230", "200×230cm", "200 x 230 cm", 200),
];
/// Mat dimensions.
const MATS: &[Opt] = &[
    o("spec", "40X60", "40×60cm", "40 x 60 cm", 100),
    o("spec", "50X80", "50×80cm", "50 x 80 cm", 130),
    o("spec", "60X90", "60×90cm", "60 x 90 cm", 160),
];
/// Container sets.
const SETS: &[Opt] = &[
    o("spec", "SET3", "3件套", "Set of 3", 100),
    o("spec", "SET5", "5件套", "Set of 5", 155),
    o("spec", "SET7", "7件套", "Set of 7", 205),
];
/// Multipacks of small things.
const PACKS: &[Opt] = &[
    o("spec", "P10", "10只装", "Pack of 10", 100),
    o("spec", "P20", "20只装", "Pack of 20", 185),
    o("spec", "P30", "30只装", "Pack of 30", 260),
];
/// Towel kinds.
const TOWELS: &[Opt] = &[
    o("spec", "FACE", "毛巾", "Face towel", 100),
    o("spec", "BATH", "浴巾", "Bath towel", 220),
    o("spec", "SET", "毛巾浴巾套装", "Towel set", 300),
];
/// Flask capacities.
const FLASKS: &[Opt] = &[
    o("spec", "350ML", "350ml", "350 ml", 100),
    o("spec", "500ML", "500ml", "500 ml", 115),
    o("spec", "750ML", "750ml", "750 ml", 135),
];
/// Serum and cream volumes.
const VOL_SMALL: &[Opt] = &[
    o("volume", "30ML", "30ml", "30 ml", 100),
    o("volume", "50ML", "50ml", "50 ml", 150),
    o("volume", "100ML", "100ml", "100 ml", 260),
];
/// Cleanser and oil volumes.
const VOL_WASH: &[Opt] = &[
    o("volume", "100ML", "100ml", "100 ml", 100),
    o("volume", "150ML", "150ml", "150 ml", 135),
    o("volume", "200ML", "200ml", "200 ml", 165),
];
/// Body lotion and shampoo volumes.
const VOL_BODY: &[Opt] = &[
    o("volume", "250ML", "250ml", "250 ml", 100),
    o("volume", "400ML", "400ml", "400 ml", 150),
    o("volume", "750ML", "750ml", "750 ml", 240),
];
/// Lipstick shades.
const LIP_SHADES: &[Opt] = &[
    o("shade", "01", "01 正红", "01 Classic Red", 100),
    o("shade", "02", "02 豆沙", "02 Rose Nude", 100),
    o("shade", "03", "03 枫叶棕", "03 Maple Brown", 100),
    o("shade", "04", "04 梅子色", "04 Plum", 100),
    o("shade", "05", "05 珊瑚橘", "05 Coral", 100),
    o("shade", "06", "06 奶茶色", "06 Milk Tea", 100),
];
/// Foundation shades.
const SKIN_SHADES: &[Opt] = &[
    o("shade", "00", "00 冷白", "00 Porcelain", 100),
    o("shade", "01", "01 象牙白", "01 Ivory", 100),
    o("shade", "02", "02 自然色", "02 Natural", 100),
    o("shade", "03", "03 小麦色", "03 Wheat", 100),
];
/// Eyeshadow palettes.
const PALETTES: &[Opt] = &[
    o("shade", "01", "01 大地色", "01 Earth Tones", 100),
    o("shade", "02", "02 蜜桃色", "02 Peach", 100),
    o("shade", "03", "03 烟熏色", "03 Smoky", 100),
    o("shade", "04", "04 玫瑰色", "04 Rose", 100),
];
/// Mascara and brow colours.
const LASH_SHADES: &[Opt] = &[
    o("shade", "BLK", "黑色", "Black", 100),
    o("shade", "BRN", "棕色", "Brown", 100),
    o("shade", "GRY", "灰棕色", "Grey Brown", 100),
];
/// Sheet mask box sizes.
const MASK_BOXES: &[Opt] = &[
    o("spec", "10PC", "10片装", "Box of 10", 100),
    o("spec", "20PC", "20片装", "Box of 20", 185),
    o("spec", "30PC", "30片装", "Box of 30", 260),
];
/// Baby colours: soft, undyed-looking tones.
const BABY_COLOURS: &[Opt] = &[
    o("colour", "CRM", "奶白", "Cream", 100),
    o("colour", "PNK", "浅粉", "Pale Pink", 100),
    o("colour", "BLU", "浅蓝", "Pale Blue", 100),
    o("colour", "OAT", "燕麦色", "Oatmeal", 100),
    o("colour", "YEL", "鹅黄", "Soft Yellow", 100),
    o("colour", "SGE", "鼠尾草绿", "Sage", 100),
];
/// Baby and toddler sizes by age (codes avoid `-`, which separates SKU parts).
const AGES: &[Opt] = &[
    o("size", "06M", "0-6个月", "0-6M", 100),
    o("size", "612M", "6-12个月", "6-12M", 100),
    o("size", "12Y", "1-2岁", "1-2Y", 105),
    o("size", "23Y", "2-3岁", "2-3Y", 110),
    o("size", "34Y", "3-4岁", "3-4Y", 115),
];
/// Wipe multipacks.
const WIPES: &[Opt] = &[
    o("spec", "80X3", "80抽×3包", "80 sheets x 3", 100),
    o("spec", "80X6", "80抽×6包", "80 sheets x 6", 185),
    o("spec", "80X12", "80抽×12包", "80 sheets x 12", 340),
];
/// Snack weights.
const WEIGHTS: &[Opt] = &[
    o("weight", "250G", "250g", "250 g", 100),
    o("weight", "500G", "500g", "500 g", 180),
    o("weight", "1KG", "1kg", "1 kg", 330),
];
/// Weights of light, dear snacks (freeze-dried fruit, tea).
const LIGHT_WEIGHTS: &[Opt] = &[
    o("weight", "50G", "50g", "50 g", 100),
    o("weight", "100G", "100g", "100 g", 185),
    o("weight", "200G", "200g", "200 g", 340),
];
/// Savoury flavours.
const SAVOURY: &[Opt] = &[
    o("flavour", "ORG", "原味", "Original", 100),
    o("flavour", "SPC", "香辣", "Spicy", 100),
    o("flavour", "FIV", "五香", "Five-spice", 100),
    o("flavour", "CUM", "孜然", "Cumin", 100),
    o("flavour", "MAL", "麻辣", "Numbing Spicy", 100),
];
/// Crisp flavours.
const CRISPY: &[Opt] = &[
    o("flavour", "ORG", "原味", "Original", 100),
    o("flavour", "SLT", "海盐", "Sea Salt", 100),
    o("flavour", "CHS", "芝士", "Cheese", 105),
    o("flavour", "BBQ", "烧烤味", "Barbecue", 100),
];
/// Coffee roasts.
const ROASTS: &[Opt] = &[
    o("flavour", "MED", "中度烘焙", "Medium Roast", 100),
    o("flavour", "DRK", "深度烘焙", "Dark Roast", 100),
    o("flavour", "LGT", "浅度烘焙", "Light Roast", 105),
];
/// Noodle heat levels.
const HEAT: &[Opt] = &[
    o("flavour", "ORG", "原味", "Original", 100),
    o("flavour", "XSP", "加辣", "Extra Spicy", 100),
    o("flavour", "MLD", "微辣", "Mild", 100),
];
/// Metal finishes of jewellery.
const METALS: &[Opt] = &[
    o("colour", "SLV", "银色", "Silver", 100),
    o("colour", "GLD", "金色", "Gold", 110),
    o("colour", "RGD", "玫瑰金", "Rose Gold", 110),
];
/// Colours of bags, hats and small leather goods.
const ACCESSORY_COLOURS: &[Opt] = &[
    o("colour", "BLK", "黑色", "Black", 100),
    o("colour", "BRN", "咖啡色", "Brown", 100),
    o("colour", "BEI", "米色", "Beige", 100),
    o("colour", "RED", "红色", "Red", 100),
    o("colour", "GRN", "军绿", "Army Green", 100),
    o("colour", "NVY", "藏青", "Navy", 100),
    o("colour", "CAM", "驼色", "Camel", 100),
    o("colour", "PNK", "粉色", "Pink", 100),
];

/// A kind of product a supplier sells many listings of.
struct Item {
    /// The noun phrase in Chinese, such as 纯棉圆领T恤.
    zh: &'static str,
    /// The noun phrase in English.
    en: &'static str,
    /// One sentence about it in Chinese.
    desc_zh: &'static str,
    /// The same sentence in English.
    desc_en: &'static str,
    /// The supply price range of its smallest variant, in fen.
    price: (i64, i64),
    /// Its option axes, outermost first (at most two, so SKUs stay at most 12).
    axes: &'static [&'static [Opt]],
}

/// A category: its slug, title words and the items listed in it.
struct Category {
    /// The slug stored in `products.category`.
    slug: &'static str,
    /// Title prefixes (Chinese, English) general enough for every item.
    adjectives: &'static [(&'static str, &'static str)],
    /// What the category sells.
    items: &'static [Item],
    /// Second description sentences (Chinese, English) about shipping or care.
    tails: &'static [(&'static str, &'static str)],
}

/// The six categories, in the order of `shared::catalogue::Category::ALL`.
// One item per line, so the vocabulary reads as a table rather than 600 lines.
#[rustfmt::skip]
const CATEGORIES: &[Category] = &[
    Category {
        slug: "apparel",
        adjectives: &[
            ("韩版", "Korean-style"),
            ("宽松", "Relaxed-fit"),
            ("百搭", "Everyday"),
            ("简约", "Minimalist"),
            ("复古", "Vintage"),
            ("情侣款", "Couples'"),
            ("基础款", "Essential"),
            ("法式", "French-style"),
            ("新款", "New-season"),
            ("显瘦", "Slimming"),
        ],
        items: &[
            Item { zh: "纯棉圆领T恤", en: "Cotton Crew-neck T-shirt", desc_zh: "180g精梳棉，厚实不透。", desc_en: "Heavyweight 180 g combed cotton that isn't see-through.", price: (1_500, 3_800), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "高腰阔腿牛仔裤", en: "High-waist Wide-leg Jeans", desc_zh: "微弹牛仔布，高腰设计拉长腿部线条。", desc_en: "Slightly stretchy denim with a high waist that lengthens the leg.", price: (4_500, 8_500), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "加绒连帽卫衣", en: "Fleece-lined Hoodie", desc_zh: "内里加绒，秋冬保暖。", desc_en: "Brushed fleece lining for autumn and winter.", price: (5_000, 9_500), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "针织开衫", en: "Knit Cardigan", desc_zh: "柔软针织，单穿叠穿都好看。", desc_en: "A soft knit that works alone or layered.", price: (4_000, 8_000), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "碎花衬衫裙", en: "Floral Shirt Dress", desc_zh: "雪纺面料，垂感好，配腰带更显腰身。", desc_en: "Flowing chiffon with a tie belt to define the waist.", price: (5_000, 10_500), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "冰丝休闲短裤", en: "Ice-silk Casual Shorts", desc_zh: "冰丝面料，凉感透气。", desc_en: "Cool-touch ice-silk fabric that breathes.", price: (2_000, 4_500), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "防晒皮肤衣", en: "UPF50+ Sun-protection Jacket", desc_zh: "UPF50+防晒，轻薄可收纳。", desc_en: "UPF 50+ protection that packs into its own pocket.", price: (3_500, 7_500), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "莫代尔打底背心", en: "Modal Layering Tank Top", desc_zh: "莫代尔面料，贴身柔滑。", desc_en: "Silky modal that sits close to the skin.", price: (1_200, 3_000), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "束脚运动长裤", en: "Jogger Track Pants", desc_zh: "松紧腰头，束脚设计方便运动。", desc_en: "Elastic waist and cuffed ankles for moving freely.", price: (3_000, 6_500), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "条纹Polo衫", en: "Striped Polo Shirt", desc_zh: "珠地网眼面料，翻领挺括。", desc_en: "Pique cotton with a collar that keeps its shape.", price: (3_000, 6_000), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "羊羔毛外套", en: "Sherpa Fleece Jacket", desc_zh: "仿羊羔毛，轻盈保暖。", desc_en: "Light, warm faux-sherpa fleece.", price: (8_000, 16_000), axes: &[APPAREL_COLOURS, SIZES] },
            Item { zh: "西装直筒裤", en: "Straight-leg Suit Trousers", desc_zh: "垂坠面料，通勤休闲两相宜。", desc_en: "Drapey fabric for the office or the weekend.", price: (4_000, 8_000), axes: &[APPAREL_COLOURS, SIZES] },
        ],
        tails: &[
            ("工厂直发，支持七天无理由退换。", "Ships direct from the factory; returns accepted within 7 days."),
            ("尺码标准，建议按平时尺码选购。", "True to size: order your usual size."),
            ("机洗不变形，不易起球。", "Machine washable; keeps its shape and won't pill."),
        ],
    },
    Category {
        slug: "beauty",
        adjectives: &[
            ("温和", "Gentle"),
            ("清爽", "Fresh"),
            ("小众", "Indie"),
            ("爆款", "Bestselling"),
            ("敏感肌适用", "Sensitive-skin"),
            ("植萃", "Botanical"),
            ("国货", "C-beauty"),
            ("新品", "New"),
        ],
        items: &[
            Item { zh: "玻尿酸保湿精华", en: "Hyaluronic Acid Serum", desc_zh: "多分子玻尿酸，深层补水。", desc_en: "Multi-weight hyaluronic acid for deep hydration.", price: (3_000, 6_500), axes: &[VOL_SMALL] },
            Item { zh: "氨基酸洁面乳", en: "Amino Acid Facial Cleanser", desc_zh: "氨基酸表活，洗后不紧绷。", desc_en: "Amino-acid surfactants that leave skin soft, not tight.", price: (1_800, 4_000), axes: &[VOL_WASH] },
            Item { zh: "烟酰胺身体乳", en: "Niacinamide Body Lotion", desc_zh: "5%烟酰胺，改善暗沉粗糙。", desc_en: "5% niacinamide for dull, rough skin.", price: (2_500, 5_000), axes: &[VOL_BODY] },
            Item { zh: "清透防晒乳", en: "SPF50+ Sunscreen Lotion", desc_zh: "SPF50+ PA++++，清透不油腻。", desc_en: "SPF 50+ PA++++ with a light, non-greasy finish.", price: (3_000, 6_000), axes: &[VOL_SMALL] },
            Item { zh: "丝绒雾面口红", en: "Velvet Matte Lipstick", desc_zh: "丝绒质地，显色持久不拔干。", desc_en: "A velvet texture with rich, lasting colour that doesn't dry lips.", price: (2_500, 6_000), axes: &[LIP_SHADES] },
            Item { zh: "持妆气垫粉底", en: "Long-wear Cushion Foundation", desc_zh: "轻薄服帖，持妆一整天。", desc_en: "Sheer, skin-hugging coverage that lasts all day.", price: (4_500, 9_000), axes: &[SKIN_SHADES] },
            Item { zh: "卸妆油", en: "Cleansing Oil", desc_zh: "乳化快，轻松卸除防水彩妆。", desc_en: "Emulsifies fast and lifts waterproof make-up.", price: (3_000, 6_500), axes: &[VOL_WASH] },
            Item { zh: "补水面膜", en: "Hydrating Sheet Mask", desc_zh: "天丝膜布，精华液满满。", desc_en: "Tencel sheets soaked in serum.", price: (2_000, 4_500), axes: &[MASK_BOXES] },
            Item { zh: "护手霜", en: "Hand Cream", desc_zh: "乳木果油滋润，不粘腻。", desc_en: "Shea butter moisture without the stickiness.", price: (1_200, 3_000), axes: &[VOL_SMALL] },
            Item { zh: "十二色眼影盘", en: "12-colour Eyeshadow Palette", desc_zh: "哑光与珠光搭配，日常舞台都能画。", desc_en: "Mattes and shimmers for day or stage looks.", price: (4_000, 8_500), axes: &[PALETTES] },
            Item { zh: "控油洗发水", en: "Oil-control Shampoo", desc_zh: "清爽控油，蓬松一整天。", desc_en: "Controls oil and keeps hair full all day.", price: (2_500, 5_000), axes: &[VOL_BODY] },
            Item { zh: "纤长睫毛膏", en: "Lengthening Mascara", desc_zh: "细刷头，根根分明不晕染。", desc_en: "A fine brush for defined lashes that don't smudge.", price: (2_000, 4_500), axes: &[LASH_SHADES] },
        ],
        tails: &[
            ("正品保障，开封后请于12个月内使用。", "Genuine product; use within 12 months of opening."),
            ("首次使用前请在耳后试用。", "Patch-test behind the ear before first use."),
            ("不含酒精和香精。", "Free of alcohol and added fragrance."),
        ],
    },
    Category {
        slug: "home",
        adjectives: &[
            ("北欧风", "Nordic"),
            ("日式", "Japanese-style"),
            ("简约", "Minimalist"),
            ("家用", "Household"),
            ("奶油风", "Cream-style"),
            ("高颜值", "Stylish"),
            ("耐用", "Durable"),
            ("轻奢", "Luxe"),
        ],
        items: &[
            Item { zh: "纯棉四件套", en: "Cotton Four-piece Bedding Set", desc_zh: "全棉斜纹，亲肤不起球。", desc_en: "All-cotton twill that stays smooth wash after wash.", price: (9_000, 18_000), axes: &[HOME_COLOURS, BED_SIZES] },
            Item { zh: "记忆棉枕头", en: "Memory Foam Pillow", desc_zh: "慢回弹记忆棉，贴合颈椎曲线。", desc_en: "Slow-rebound foam that follows the curve of the neck.", price: (4_500, 9_000), axes: &[HOME_COLOURS, PAIRS] },
            Item { zh: "可折叠收纳箱", en: "Foldable Storage Box", desc_zh: "不用时可折叠，节省空间。", desc_en: "Folds flat when not in use.", price: (1_500, 3_500), axes: &[HOME_COLOURS, SML] },
            Item { zh: "陶瓷马克杯", en: "Ceramic Mug", desc_zh: "高温烧制，可进微波炉和洗碗机。", desc_en: "High-fired; microwave and dishwasher safe.", price: (1_200, 2_800), axes: &[HOME_COLOURS, CUPS] },
            Item { zh: "香薰蜡烛", en: "Scented Candle", desc_zh: "大豆蜡，燃烧无烟。", desc_en: "Soy wax that burns clean, without smoke.", price: (2_000, 4_500), axes: &[CANDLES] },
            Item { zh: "麦饭石不粘炒锅", en: "Non-stick Wok", desc_zh: "少油不粘，燃气电磁炉通用。", desc_en: "Cooks with little oil; works on gas and induction.", price: (6_000, 12_000), axes: &[HOME_COLOURS, PANS] },
            Item { zh: "珊瑚绒毛毯", en: "Coral Fleece Throw", desc_zh: "细腻绒面，午睡盖腿都合适。", desc_en: "A plush throw for naps and cold knees.", price: (3_000, 6_000), axes: &[HOME_COLOURS, THROWS] },
            Item { zh: "硅藻泥浴室地垫", en: "Diatomite Bath Mat", desc_zh: "秒吸水，防滑底。", desc_en: "Dries in seconds, with a non-slip back.", price: (1_800, 3_800), axes: &[HOME_COLOURS, MATS] },
            Item { zh: "玻璃保鲜盒", en: "Glass Food Container", desc_zh: "高硼硅玻璃，冷藏加热都可以。", desc_en: "Borosilicate glass from fridge to microwave.", price: (2_500, 5_500), axes: &[SETS] },
            Item { zh: "防滑衣架", en: "Non-slip Clothes Hangers", desc_zh: "植绒表面，衣服不滑落。", desc_en: "A flocked finish that keeps clothes in place.", price: (1_500, 3_000), axes: &[HOME_COLOURS, PACKS] },
            Item { zh: "纯棉毛巾", en: "Cotton Towel", desc_zh: "长绒棉，柔软吸水。", desc_en: "Long-staple cotton, soft and absorbent.", price: (1_200, 2_500), axes: &[HOME_COLOURS, TOWELS] },
            Item { zh: "不锈钢保温杯", en: "Stainless Steel Vacuum Flask", desc_zh: "316不锈钢内胆，保温12小时。", desc_en: "A 316 steel liner that keeps drinks hot for 12 hours.", price: (3_500, 7_000), axes: &[HOME_COLOURS, FLASKS] },
        ],
        tails: &[
            ("48小时内发货，破损包赔。", "Ships within 48 hours; breakages are replaced free."),
            ("尺寸为手工测量，可能有1-2cm误差。", "Sizes are measured by hand and may vary by 1-2 cm."),
            ("适合客厅、卧室和出租屋。", "Suits living rooms, bedrooms and rented flats alike."),
        ],
    },
    Category {
        slug: "mother_baby",
        adjectives: &[
            ("柔软亲肤", "Skin-friendly"),
            ("高颜值", "Cute"),
            ("四季通用", "All-season"),
            ("安心", "Certified-safe"),
            ("卡通", "Cartoon"),
            ("升级款", "Upgraded"),
            ("便携", "Portable"),
            ("简约", "Minimalist"),
        ],
        items: &[
            Item { zh: "纱布口水巾", en: "Muslin Bibs", desc_zh: "六层纱布，柔软吸水。", desc_en: "Six layers of muslin, soft and absorbent.", price: (1_200, 2_800), axes: &[BABY_COLOURS] },
            Item { zh: "婴儿连体衣", en: "Baby Romper", desc_zh: "A类纯棉，按扣设计换尿布方便。", desc_en: "Class-A cotton with snaps for easy nappy changes.", price: (2_500, 5_500), axes: &[BABY_COLOURS, AGES] },
            Item { zh: "宝宝学饮杯", en: "Toddler Sippy Cup", desc_zh: "重力球吸管，怎么拿都能喝到。", desc_en: "A weighted straw that works at any angle.", price: (2_000, 4_500), axes: &[BABY_COLOURS] },
            Item { zh: "婴儿手口湿巾", en: "Baby Hand and Mouth Wipes", desc_zh: "EDI纯水，无酒精无香精。", desc_en: "EDI-purified water, no alcohol, no fragrance.", price: (1_500, 3_000), axes: &[WIPES] },
            Item { zh: "儿童防晒帽", en: "Kids' Sun Hat", desc_zh: "大帽檐遮阳，可调节帽围。", desc_en: "A wide brim for shade and an adjustable band.", price: (1_800, 3_800), axes: &[BABY_COLOURS, AGES] },
            Item { zh: "硅胶吸盘辅食碗", en: "Silicone Suction Bowl", desc_zh: "食品级硅胶，吸盘防打翻。", desc_en: "Food-grade silicone with a suction base against spills.", price: (2_000, 4_000), axes: &[BABY_COLOURS] },
            Item { zh: "婴儿睡袋", en: "Baby Sleeping Bag", desc_zh: "防踢被设计，夜里不着凉。", desc_en: "Stays on all night, so no more kicked-off blankets.", price: (4_000, 8_500), axes: &[AGES] },
            Item { zh: "安抚玩偶", en: "Comfort Plush Toy", desc_zh: "可机洗，宝宝入睡好伙伴。", desc_en: "Machine washable; a bedtime friend.", price: (2_000, 4_500), axes: &[BABY_COLOURS] },
            Item { zh: "儿童中筒袜5双装", en: "Kids' Socks, 5 Pairs", desc_zh: "精梳棉，防滑点胶。", desc_en: "Combed cotton with grip dots on the sole.", price: (1_200, 2_500), axes: &[AGES] },
            Item { zh: "儿童分体睡衣", en: "Kids' Pyjama Set", desc_zh: "高腰护肚，睡觉不露肚子。", desc_en: "A high waist that keeps little tummies covered.", price: (3_000, 6_000), axes: &[BABY_COLOURS, AGES] },
            Item { zh: "孕妇护腰枕", en: "Maternity Pillow", desc_zh: "U型设计，托腹护腰。", desc_en: "A U shape that supports the bump and the back.", price: (6_000, 12_000), axes: &[BABY_COLOURS] },
            Item { zh: "婴儿棉柔巾", en: "Baby Dry Cotton Wipes", desc_zh: "干湿两用，洗脸擦手都可以。", desc_en: "Use dry or wet, for faces and hands.", price: (1_200, 2_500), axes: &[WIPES] },
        ],
        tails: &[
            ("通过国家婴幼儿用品安全标准检测。", "Tested to China's national safety standard for infant products."),
            ("首次使用前请清洗。", "Wash before first use."),
            ("妈妈们回购率很高的一款。", "It's a firm favourite with parents."),
        ],
    },
    Category {
        slug: "snacks",
        adjectives: &[
            ("原产地直发", "Farm-direct"),
            ("低糖", "Low-sugar"),
            ("独立小包装", "Individually Wrapped"),
            ("手工", "Handmade"),
            ("零添加", "No-additive"),
            ("当季新货", "New-harvest"),
            ("网红", "Trending"),
            ("精选", "Select"),
        ],
        items: &[
            Item { zh: "云南小粒咖啡豆", en: "Yunnan Arabica Coffee Beans", desc_zh: "保山小粒咖啡，坚果与焦糖风味。", desc_en: "Baoshan Arabica with nutty, caramel notes.", price: (2_500, 4_500), axes: &[ROASTS, WEIGHTS] },
            Item { zh: "每日坚果", en: "Daily Mixed Nuts", desc_zh: "六种坚果果干科学配比。", desc_en: "Six nuts and dried fruits in a balanced mix.", price: (1_500, 3_000), axes: &[WEIGHTS] },
            Item { zh: "手撕牛肉干", en: "Shredded Beef Jerky", desc_zh: "内蒙古风干牛肉，越嚼越香。", desc_en: "Air-dried Inner Mongolian beef, full of flavour.", price: (2_000, 3_000), axes: &[SAVOURY, WEIGHTS] },
            Item { zh: "芒果干", en: "Dried Mango", desc_zh: "三亚芒果，果肉厚实。", desc_en: "Thick slices of Sanya mango.", price: (800, 1_600), axes: &[WEIGHTS] },
            Item { zh: "海苔脆片", en: "Seaweed Crisps", desc_zh: "夹心海苔，香脆不腻。", desc_en: "Sandwiched seaweed, crisp and light.", price: (800, 1_800), axes: &[CRISPY] },
            Item { zh: "红枣夹核桃", en: "Dates with Walnuts", desc_zh: "新疆若羌红枣夹纸皮核桃。", desc_en: "Xinjiang Ruoqiang dates stuffed with walnut halves.", price: (1_200, 2_500), axes: &[WEIGHTS] },
            Item { zh: "冻干草莓", en: "Freeze-dried Strawberries", desc_zh: "整颗冻干，酸甜酥脆。", desc_en: "Whole berries, freeze-dried to a sweet-sour crunch.", price: (1_200, 2_500), axes: &[LIGHT_WEIGHTS] },
            Item { zh: "九蒸九晒黑芝麻丸", en: "Black Sesame Balls", desc_zh: "九蒸九晒工艺，软糯香浓。", desc_en: "Steamed and sun-dried nine times, soft and rich.", price: (1_500, 2_800), axes: &[WEIGHTS] },
            Item { zh: "柳州螺蛳粉", en: "Liuzhou Luosifen Rice Noodles", desc_zh: "正宗柳州风味，料包齐全。", desc_en: "Authentic Liuzhou flavour with every sachet included.", price: (1_200, 2_500), axes: &[HEAT] },
            Item { zh: "挂耳咖啡", en: "Drip Bag Coffee", desc_zh: "现磨挂耳，三分钟一杯手冲。", desc_en: "Fresh-ground drip bags: pour-over in three minutes.", price: (1_800, 3_000), axes: &[ROASTS] },
            Item { zh: "猪肉脯", en: "Pork Jerky Slices", desc_zh: "靖江工艺，薄脆有嚼劲。", desc_en: "Jingjiang-style slices, thin and chewy.", price: (1_500, 3_000), axes: &[SAVOURY, WEIGHTS] },
            Item { zh: "安溪铁观音", en: "Anxi Tieguanyin Oolong Tea", desc_zh: "清香型铁观音，兰花香明显。", desc_en: "A fragrant-style Tieguanyin with orchid notes.", price: (2_000, 3_000), axes: &[LIGHT_WEIGHTS] },
        ],
        tails: &[
            ("保质期9个月，请存放于阴凉干燥处。", "Best within 9 months; store in a cool, dry place."),
            ("产地直发，新鲜到家。", "Shipped straight from where it's made."),
            ("独立包装，办公室、旅行都方便。", "Handy for the office or a trip."),
        ],
    },
    Category {
        slug: "accessories",
        adjectives: &[
            ("小众设计", "Indie"),
            ("百搭", "Everyday"),
            ("法式", "French-style"),
            ("简约", "Minimalist"),
            ("复古", "Retro"),
            ("轻奢", "Luxe"),
            ("韩版", "Korean-style"),
            ("通勤", "Commuter"),
        ],
        items: &[
            Item { zh: "帆布托特包", en: "Canvas Tote Bag", desc_zh: "加厚帆布，能装下笔记本电脑。", desc_en: "Heavy canvas, big enough for a laptop.", price: (2_000, 4_500), axes: &[ACCESSORY_COLOURS] },
            Item { zh: "925银耳钉", en: "Sterling Silver Stud Earrings", desc_zh: "S925银针，敏感耳也能戴。", desc_en: "Sterling silver posts, kind to sensitive ears.", price: (1_500, 4_000), axes: &[METALS] },
            Item { zh: "真丝发圈", en: "Silk Scrunchie", desc_zh: "桑蚕丝，不勒头发不留痕。", desc_en: "Mulberry silk that holds without creasing hair.", price: (1_000, 2_500), axes: &[ACCESSORY_COLOURS] },
            Item { zh: "渔夫帽", en: "Bucket Hat", desc_zh: "可折叠收纳，遮阳显脸小。", desc_en: "Packable, with a brim that shades the face.", price: (1_500, 3_500), axes: &[ACCESSORY_COLOURS] },
            Item { zh: "折叠晴雨伞", en: "Folding Umbrella", desc_zh: "黑胶涂层，晴雨两用。", desc_en: "A UV-blocking coating for sun or rain.", price: (2_000, 4_500), axes: &[ACCESSORY_COLOURS] },
            Item { zh: "手机斜挎包", en: "Phone Crossbody Bag", desc_zh: "轻巧小包，手机钥匙都能装。", desc_en: "A small bag for a phone and keys.", price: (2_000, 5_000), axes: &[ACCESSORY_COLOURS] },
            Item { zh: "羊毛围巾", en: "Wool Scarf", desc_zh: "澳洲羊毛，柔软不扎。", desc_en: "Australian wool, soft and never scratchy.", price: (4_500, 9_000), axes: &[ACCESSORY_COLOURS] },
            Item { zh: "偏光太阳镜", en: "Polarised Sunglasses", desc_zh: "偏光镜片，开车出游都适用。", desc_en: "Polarised lenses for driving and days out.", price: (2_500, 6_000), axes: &[ACCESSORY_COLOURS] },
            Item { zh: "真皮卡包", en: "Leather Card Holder", desc_zh: "头层牛皮，越用越有光泽。", desc_en: "Full-grain leather that gains a patina with use.", price: (2_000, 5_000), axes: &[ACCESSORY_COLOURS] },
            Item { zh: "淡水珍珠项链", en: "Freshwater Pearl Necklace", desc_zh: "天然淡水珍珠，每颗略有不同。", desc_en: "Natural freshwater pearls, each slightly different.", price: (4_000, 9_500), axes: &[METALS] },
            Item { zh: "棒球帽", en: "Baseball Cap", desc_zh: "可调节后扣，男女同款。", desc_en: "An adjustable strap; fits everyone.", price: (1_500, 3_000), axes: &[ACCESSORY_COLOURS] },
            Item { zh: "鲨鱼夹", en: "Claw Hair Clip", desc_zh: "大号抓夹，盘发稳固。", desc_en: "A large claw that holds an updo all day.", price: (800, 2_000), axes: &[ACCESSORY_COLOURS] },
        ],
        tails: &[
            ("附赠精美礼盒，送礼自用皆宜。", "Comes in a gift box, to give or to keep."),
            ("轻巧百搭，日常通勤必备。", "Light and easy to wear every day."),
            ("七天无理由退换。", "Returns accepted within 7 days, no questions asked."),
        ],
    },
];

/// One generated product row and its SKUs.
struct Product {
    /// `P10001`, …
    id: String,
    /// The category slug.
    category: &'static str,
    /// Chinese title.
    title_zh: String,
    /// English title.
    title_en: String,
    /// Chinese description.
    description_zh: String,
    /// English description.
    description_en: String,
    /// How many generated images the supplier serves for it.
    image_count: i64,
    /// Unix seconds.
    updated_at: i64,
    /// Its SKUs in display order.
    skus: Vec<SkuRow>,
}

/// One generated SKU row.
struct SkuRow {
    /// The SKU code, `P10001-RED-M`.
    sku: String,
    /// The option values, outermost axis first; rendered as the `options` JSON.
    values: Vec<&'static Opt>,
    /// What the shop pays the supplier, fen.
    supply: i64,
    /// The supplier's suggested retail price, fen.
    suggested: i64,
    /// The lowest retail price the supplier allows, fen.
    floor: i64,
    /// Units in stock.
    stock: i64,
}

/// Rounds fen up to a whole 10 fen, as supplier price lists do.
fn ceil10(fen: i64) -> i64 {
    (fen + 9) / 10 * 10
}

/// A retail price ending in ¥…9.00 (fen ≡ 900 mod 1000), nearest to `pct` percent
/// of `supply` within 1.6–2.6 × supply, as shops price things; never below supply.
fn retail(supply: i64, pct: i64) -> i64 {
    let target = supply * pct / 100;
    let lo = (supply * 16 + 9) / 10;
    let hi = supply * 26 / 10;
    let down = (target - 900).div_euclid(1_000) * 1_000 + 900;
    let up = down + 1_000;
    let (near, far) = if target - down <= up - target {
        (down, up)
    } else {
        (up, down)
    };
    let fits = |p: i64| (lo..=hi).contains(&p);
    if fits(near) {
        near
    } else if fits(far) {
        far
    } else {
        // A supply price too small for any …900 to fall inside the band: take the
        // first one above it, which still keeps the price above supply.
        (lo - 900 + 999).div_euclid(1_000) * 1_000 + 900
    }
}

/// Picks `k` values of an axis: a contiguous run for ordered axes (a listing sells
/// S–L or 250g–500g, not S and XXL), any `k` in catalogue order otherwise.
fn pick(rng: &mut Rng, axis: &'static [Opt], k: usize) -> Vec<&'static Opt> {
    let k = k.min(axis.len());
    let ordered = axis
        .first()
        .is_some_and(|v| matches!(v.axis, "size" | "volume" | "weight" | "spec"));
    if ordered {
        let start = rng.index(axis.len() - k + 1);
        axis[start..start + k].iter().collect()
    } else {
        let mut idx: Vec<usize> = (0..axis.len()).collect();
        rng.shuffle(&mut idx);
        let mut chosen = idx[..k].to_vec();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &axis[i]).collect()
    }
}

/// The SKUs of one product: colour × size (or one axis, or none), priced and stocked.
fn skus(rng: &mut Rng, id: &str, item: &Item) -> Vec<SkuRow> {
    // Which of the item's axes this listing uses: mostly all of them, sometimes one
    // (a single-colour listing), now and then none (one plain SKU).
    let roll = rng.range(0, 99);
    let used: Vec<&'static [Opt]> = match item.axes {
        [a, b] if roll < 72 => vec![*a, *b],
        [a, b] if roll < 92 => vec![if rng.chance(50) { *a } else { *b }],
        [a] if roll < 90 => vec![*a],
        _ => vec![],
    };
    let mut combos: Vec<Vec<&'static Opt>> = vec![vec![]];
    let mut room = MAX_SKUS;
    for axis in &used {
        // Leave room for at least two values of every later axis.
        let later = used.len() - 1 - combos[0].len();
        let cap = (room / 2usize.pow(later as u32)).min(axis.len()).max(2);
        let k = rng.range(2, cap as i64) as usize;
        room /= k;
        let values = pick(rng, axis, k);
        combos = combos
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |v| {
                    let mut next = c.clone();
                    next.push(*v);
                    next
                })
            })
            .collect();
    }
    // About one in eight two-axis listings lacks one combination entirely: that
    // colour simply is not made in that size.
    if used.len() == 2 && rng.range(0, 7) == 0 {
        let gone = rng.index(combos.len());
        combos.remove(gone);
    }
    let base = ceil10(rng.range(item.price.0, item.price.1));
    let markup = rng.range(160, 260);
    let floor_pct = rng.range(105, 125);
    combos
        .into_iter()
        .map(|values| {
            let sku = if values.is_empty() {
                format!("{id}-STD")
            } else {
                let codes: Vec<&str> = values.iter().map(|v| v.code).collect();
                format!("{id}-{}", codes.join("-"))
            };
            let supply = ceil10(values.iter().fold(base, |p, v| p * v.pct / 100));
            let suggested = retail(supply, markup);
            let floor = ceil10(supply * floor_pct / 100).min(suggested);
            // Mostly plentiful; about 7 % sold out and 8 % nearly gone, so the
            // widget's stock states all show up in the demo.
            let stock = match rng.range(0, 99) {
                0..=6 => 0,
                7..=14 => rng.range(1, 5),
                _ => rng.range(20, 500),
            };
            SkuRow {
                sku,
                values,
                supply,
                suggested,
                floor,
                stock,
            }
        })
        .collect()
}

/// The whole demo catalogue, in id order.
fn catalogue() -> Vec<Product> {
    let mut rng = Rng(SEED);
    // Categories interleave in a shuffled but exactly balanced order, so the first
    // page of the catalogue shows a mix, as a real supplier's would.
    let mut slots: Vec<usize> = (0..DEMO_PRODUCT_COUNT)
        .map(|i| i % CATEGORIES.len())
        .collect();
    rng.shuffle(&mut slots);
    // Each category deals out distinct (adjective, item) pairs, so titles never repeat.
    let mut decks: Vec<Vec<(usize, usize)>> = CATEGORIES
        .iter()
        .map(|c| {
            let mut deck: Vec<(usize, usize)> = (0..c.adjectives.len())
                .flat_map(|a| (0..c.items.len()).map(move |i| (a, i)))
                .collect();
            rng.shuffle(&mut deck);
            deck.truncate(PER_CATEGORY);
            deck.reverse();
            deck
        })
        .collect();
    let mut products = Vec::with_capacity(DEMO_PRODUCT_COUNT);
    for (n, slot) in slots.into_iter().enumerate() {
        let category = &CATEGORIES[slot];
        let Some((a, i)) = decks[slot].pop() else {
            // Unreachable: each deck holds PER_CATEGORY pairs and each category has
            // PER_CATEGORY slots (the tests check the count).
            continue;
        };
        let (adj_zh, adj_en) = category.adjectives[a];
        let item = &category.items[i];
        let id = format!("P{}", 10_001 + n);
        let (tail_zh, tail_en) = category.tails[rng.index(category.tails.len())];
        let (description_zh, description_en) = if rng.chance(75) {
            (
                format!("{}{tail_zh}", item.desc_zh),
                format!("{} {tail_en}", item.desc_en),
            )
        } else {
            (item.desc_zh.to_owned(), item.desc_en.to_owned())
        };
        let image_count = rng.range(1, 4);
        let updated_at = NEWEST - rng.range(0, SPREAD_SECONDS - 1);
        let skus = skus(&mut rng, &id, item);
        products.push(Product {
            title_zh: format!("{adj_zh}{}", item.zh),
            title_en: format!("{adj_en} {}", item.en),
            id,
            category: category.slug,
            description_zh,
            description_en,
            image_count,
            updated_at,
            skus,
        });
    }
    products
}

/// SQL-quotes text: wraps it in single quotes and doubles any inside.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A JSON string literal (the vocabulary has no quotes, but stay correct anyway).
fn json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `options` JSON of a SKU: `[{"axis":"colour","zh":"红色","en":"Red"},…]`.
fn options_json(values: &[&Opt]) -> String {
    let parts: Vec<String> = values
        .iter()
        .map(|v| {
            format!(
                "{{\"axis\":{},\"zh\":{},\"en\":{}}}",
                json_str(v.axis),
                json_str(v.zh),
                json_str(v.en)
            )
        })
        .collect();
    format!("[{}]", parts.join(","))
}

/// Appends multi-row `INSERT`s of at most [`ROWS_PER_INSERT`] rows, each ending `;\n`.
fn inserts(sql: &mut String, head: &str, rows: &[String]) {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let _ = write!(sql, "{head} VALUES\n{};\n", chunk.join(",\n"));
    }
}

/// SQL that fills the supplier's `products` and `skus` with the demo catalogue:
/// products first (the SKUs reference them), no transaction statements.
pub fn supply_seed_sql() -> String {
    let products = catalogue();
    let mut product_rows = Vec::with_capacity(products.len());
    let mut sku_rows = Vec::new();
    for p in &products {
        product_rows.push(format!(
            "({}, {}, {}, {}, {}, {}, {}, {})",
            q(&p.id),
            q(p.category),
            q(&p.title_zh),
            q(&p.title_en),
            q(&p.description_zh),
            q(&p.description_en),
            p.image_count,
            p.updated_at
        ));
        for (position, s) in p.skus.iter().enumerate() {
            sku_rows.push(format!(
                "({}, {}, {position}, {}, {}, {}, {}, {})",
                q(&s.sku),
                q(&p.id),
                q(&options_json(&s.values)),
                s.supply,
                s.suggested,
                s.floor,
                s.stock
            ));
        }
    }
    let mut sql = String::new();
    inserts(
        &mut sql,
        "INSERT INTO products (id, category, title_zh, title_en, description_zh, description_en, image_count, updated_at)",
        &product_rows,
    );
    inserts(
        &mut sql,
        "INSERT INTO skus (sku, product_id, position, options, supply_price, suggested_price, floor_price, stock)",
        &sku_rows,
    );
    sql
}

/// The browser tests' fixtures (see the module's invariants), as SQL.
pub fn fixture_sql() -> String {
    let oldest = NEWEST - SPREAD_SECONDS - 86_400;
    let hostile = "<img src=x onerror=alert(1)>";
    let opt = |axis: &str, zh: &str, en: &str| {
        format!(
            "{{\"axis\":{},\"zh\":{},\"en\":{}}}",
            json_str(axis),
            json_str(zh),
            json_str(en)
        )
    };
    let products = [
        format!(
            "({}, 'accessories', {}, {}, {}, {}, 1, {oldest})",
            q("P90001"),
            q(hostile),
            q(hostile),
            q("<script>alert(2)</script>"),
            q("<b>bold?</b> & <i>not</i>"),
        ),
        format!(
            "({}, 'apparel', {}, {}, {}, {}, 2, {})",
            q("P90002"),
            q("基础款纯棉 T 恤"),
            q("Everyday Cotton Tee"),
            q("黑色 M 码暂时售罄。"),
            q("Black in M is sold out for now."),
            oldest + 1
        ),
    ];
    let mut skus = vec![
        format!(
            "('P90001-S', 'P90001', 0, {}, 1000, 2900, 1200, 40)",
            q(&format!("[{}]", opt("size", "小号", "S")))
        ),
        format!(
            "('P90001-M', 'P90001', 1, {}, 1000, 2900, 1200, 40)",
            q(&format!("[{}]", opt("size", "中号", "M")))
        ),
    ];
    let colours = [("BLK", "黑色", "Black"), ("WHT", "白色", "White")];
    let sizes = [("M", "M", "M"), ("L", "L", "L")];
    for (ci, (c, czh, cen)) in colours.iter().enumerate() {
        for (si, (sz, szh, sen)) in sizes.iter().enumerate() {
            let stock = if *c == "BLK" && *sz == "M" { 0 } else { 500 };
            skus.push(format!(
                "('P90002-{c}-{sz}', 'P90002', {}, {}, 2200, 5900, 2600, {stock})",
                ci * sizes.len() + si,
                q(&format!(
                    "[{},{}]",
                    opt("colour", czh, cen),
                    opt("size", szh, sen)
                ))
            ));
        }
    }
    let mut sql = String::new();
    inserts(
        &mut sql,
        "INSERT INTO products (id, category, title_zh, title_en, description_zh, description_en, image_count, updated_at)",
        &products,
    );
    inserts(
        &mut sql,
        "INSERT INTO skus (sku, product_id, position, options, supply_price, suggested_price, floor_price, stock)",
        &skus,
    );
    sql
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{HashMap, HashSet};

    #[test]
    fn the_fixtures_hold_markup_as_text_and_one_sold_out_variant() {
        let sql = fixture_sql();
        assert!(sql.contains("'<img src=x onerror=alert(1)>'"));
        assert!(sql.contains("('P90002-BLK-M', 'P90002', 0, "));
        assert!(sql.contains("2600, 0)"));
        assert_eq!(sql.matches("INSERT INTO ").count(), 2);
        let ids: HashSet<String> = catalogue().into_iter().map(|p| p.id).collect();
        assert!(!ids.contains("P90001") && !ids.contains("P90002"));
    }

    /// Every SKU of the catalogue, with its product.
    fn all_skus(products: &[Product]) -> Vec<(&Product, &SkuRow)> {
        products
            .iter()
            .flat_map(|p| p.skus.iter().map(move |s| (p, s)))
            .collect()
    }

    #[test]
    fn generates_at_least_320_products_over_six_categories() {
        let products = catalogue();
        assert_eq!(products.len(), DEMO_PRODUCT_COUNT);
        assert!(products.len() >= 320);
        let mut per: HashMap<&str, usize> = HashMap::new();
        for p in &products {
            *per.entry(p.category).or_default() += 1;
        }
        let expected: HashSet<&str> = [
            "apparel",
            "beauty",
            "home",
            "mother_baby",
            "snacks",
            "accessories",
        ]
        .into();
        assert_eq!(per.keys().copied().collect::<HashSet<_>>(), expected);
        assert!(per.values().all(|&n| n == PER_CATEGORY), "{per:?}");
    }

    #[test]
    fn product_ids_count_up_from_p10001() {
        for (n, p) in catalogue().iter().enumerate() {
            assert_eq!(p.id, format!("P{}", 10_001 + n));
        }
    }

    #[test]
    fn titles_are_distinct_plain_and_short() {
        let products = catalogue();
        let mut en = HashSet::new();
        let mut zh = HashSet::new();
        for p in &products {
            assert!(en.insert(p.title_en.as_str()), "{}", p.title_en);
            assert!(zh.insert(p.title_zh.as_str()), "{}", p.title_zh);
            for t in [&p.title_en, &p.title_zh] {
                assert!(!t.is_empty() && t.chars().count() < 60, "{t}");
                assert!(!t.contains(['<', '>', '&']), "{t}");
            }
            assert!(p.title_en.is_ascii(), "{}", p.title_en);
            assert!(!p.title_zh.is_ascii(), "{}", p.title_zh);
            assert!(!p.description_en.is_empty() && !p.description_zh.is_empty());
        }
    }

    #[test]
    fn every_product_has_between_one_and_twelve_skus() {
        for p in catalogue() {
            assert!((1..=MAX_SKUS).contains(&p.skus.len()), "{}", p.id);
            for s in &p.skus {
                assert!(s.values.len() <= 2, "{}", s.sku);
            }
            if p.skus.len() == 1 && p.skus[0].values.is_empty() {
                assert_eq!(p.skus[0].sku, format!("{}-STD", p.id));
            }
        }
    }

    #[test]
    fn every_sku_code_is_unique_and_well_formed() {
        let products = catalogue();
        let mut seen = HashSet::new();
        for (p, s) in all_skus(&products) {
            let b = s.sku.as_bytes();
            assert!(!b.is_empty() && b.len() <= 64, "{}", s.sku);
            assert!(
                b[0].is_ascii_uppercase() || b[0].is_ascii_digit(),
                "{}",
                s.sku
            );
            assert!(
                b.iter()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'-'),
                "{}",
                s.sku
            );
            assert!(s.sku.starts_with(&format!("{}-", p.id)), "{}", s.sku);
            assert!(seen.insert(s.sku.as_str()), "duplicate {}", s.sku);
        }
    }

    #[test]
    fn options_use_known_lowercase_axes_and_valid_json_shape() {
        let axes = [
            "colour", "size", "volume", "shade", "spec", "flavour", "weight",
        ];
        let products = catalogue();
        for (_, s) in all_skus(&products) {
            let mut seen_axes = HashSet::new();
            for v in &s.values {
                assert!(axes.contains(&v.axis), "{}", v.axis);
                assert!(seen_axes.insert(v.axis), "axis twice in {}", s.sku);
                assert!(!v.code.is_empty() && !v.code.contains('-'), "{}", v.code);
            }
            let json = options_json(&s.values);
            assert!(json.starts_with('[') && json.ends_with(']'));
            assert_eq!(json.matches("{\"axis\":\"").count(), s.values.len());
        }
        let red_m = [&APPAREL_COLOURS[0], &SIZES[1]];
        assert_eq!(
            options_json(&red_m),
            r#"[{"axis":"colour","zh":"黑色","en":"Black"},{"axis":"size","zh":"M","en":"M"}]"#
        );
        assert_eq!(options_json(&[]), "[]");
    }

    #[test]
    fn prices_satisfy_the_schema_checks() {
        let products = catalogue();
        for (_, s) in all_skus(&products) {
            assert!(s.supply > 0, "{}", s.sku);
            assert!(s.suggested >= s.supply, "{}", s.sku);
            assert!(s.floor >= s.supply && s.floor <= s.suggested, "{}", s.sku);
            // Shop-style prices ending in ¥…9, 1.6–2.6 × supply; a floor of at
            // least 5 % over supply.
            assert_eq!(s.suggested % 1_000, 900, "{}", s.sku);
            assert!(s.suggested * 10 >= s.supply * 16, "{}", s.sku);
            assert!(s.suggested * 10 <= s.supply * 26, "{}", s.sku);
            assert!(s.floor * 100 >= s.supply * 105, "{}", s.sku);
            assert!(s.supply % 10 == 0, "{}", s.sku);
        }
    }

    #[test]
    fn retail_prices_end_in_nine_yuan_and_stay_above_supply() {
        for supply in (100..20_000).step_by(7) {
            for pct in [160, 200, 260] {
                let p = retail(supply, pct);
                assert!(p >= supply && p % 1_000 == 900, "{supply} {pct} {p}");
            }
        }
    }

    #[test]
    fn stock_is_mostly_plentiful_with_some_sold_out_and_some_low() {
        let products = catalogue();
        let skus = all_skus(&products);
        let n = skus.len() as f64;
        let zero = skus.iter().filter(|(_, s)| s.stock == 0).count() as f64 / n;
        let low = skus
            .iter()
            .filter(|(_, s)| (1..=5).contains(&s.stock))
            .count() as f64
            / n;
        assert!((0.04..0.10).contains(&zero), "{zero}");
        assert!((0.05..0.11).contains(&low), "{low}");
        for (_, s) in &skus {
            assert!(s.stock == 0 || (1..=5).contains(&s.stock) || (20..=500).contains(&s.stock));
        }
    }

    #[test]
    fn about_one_in_eight_two_axis_products_misses_a_combination() {
        let products = catalogue();
        let (mut two_axis, mut missing) = (0, 0);
        for p in &products {
            if p.skus[0].values.len() != 2 {
                continue;
            }
            two_axis += 1;
            let outer: HashSet<&str> = p.skus.iter().map(|s| s.values[0].code).collect();
            let inner: HashSet<&str> = p.skus.iter().map(|s| s.values[1].code).collect();
            assert!(p.skus.len() + 1 >= outer.len() * inner.len(), "{}", p.id);
            if p.skus.len() < outer.len() * inner.len() {
                missing += 1;
            }
        }
        let share = f64::from(missing) / f64::from(two_axis);
        assert!((0.07..0.20).contains(&share), "{missing} of {two_axis}");
    }

    #[test]
    fn updated_at_falls_in_the_30_days_before_the_fixed_instant() {
        let products = catalogue();
        for p in &products {
            assert!(p.updated_at <= NEWEST && p.updated_at > NEWEST - SPREAD_SECONDS);
            assert!((1..=4).contains(&p.image_count));
        }
        let days: HashSet<i64> = products.iter().map(|p| p.updated_at / 86_400).collect();
        assert!(days.len() >= 28, "{}", days.len());
    }

    #[test]
    fn output_is_identical_across_runs() {
        assert_eq!(supply_seed_sql(), supply_seed_sql());
    }

    #[test]
    fn statements_are_inserts_of_at_most_50_rows_without_transactions() {
        let sql = supply_seed_sql();
        let statements: Vec<&str> = sql.split_inclusive(";\n").collect();
        assert_eq!(statements.concat(), sql);
        let products = catalogue();
        let sku_count: usize = products.iter().map(|p| p.skus.len()).sum();
        let mut rows = 0;
        for st in &statements {
            assert!(st.starts_with("INSERT INTO "), "{st}");
            assert!(st.ends_with(";\n"));
            let n = st.matches("\n(").count();
            assert!((1..=ROWS_PER_INSERT).contains(&n), "{n}");
            rows += n;
        }
        assert_eq!(rows, products.len() + sku_count);
        let upper = sql.to_uppercase();
        for word in ["BEGIN", "COMMIT", "TRANSACTION", "ROLLBACK"] {
            assert!(!upper.contains(word), "{word}");
        }
    }

    #[test]
    fn quotes_in_text_are_doubled() {
        assert_eq!(q("Kids' Sun Hat"), "'Kids'' Sun Hat'");
        let sql = supply_seed_sql();
        assert!(sql.contains("Kids'' Sun Hat") || sql.contains("Couples'' "));
        assert!(!sql.contains("Kids' Sun"));
        assert_eq!(json_str("a\"b\\c"), r#""a\"b\\c""#);
    }
}
