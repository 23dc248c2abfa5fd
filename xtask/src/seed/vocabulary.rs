//! The words the demo catalogue is made of: per category, the title adjectives, the
//! items it sells with their option axes and supply prices, and the sentences that
//! end descriptions.
//!
//! Invariants: every text is plain (no markup); an option's code is short uppercase
//! ASCII without `-`, which separates the parts of a SKU code; an item has at most
//! two axes, so a product has at most 12 SKUs; the categories come in the order of
//! `shared::catalogue::Category::ALL`.

/// One value of an option axis, as stored in the `options` JSON.
pub(super) struct Opt {
    /// The axis name: colour, size, volume, shade, spec, flavour or weight.
    pub(super) axis: &'static str,
    /// The short uppercase ASCII code used in the SKU code.
    pub(super) code: &'static str,
    /// The value in Chinese.
    pub(super) zh: &'static str,
    /// The value in English.
    pub(super) en: &'static str,
    /// The supply price of this value relative to the smallest, in percent: bigger
    /// packs and sizes cost the supplier more.
    pub(super) pct: i64,
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
pub(super) const APPAREL_COLOURS: &[Opt] = &[
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
pub(super) const SIZES: &[Opt] = &[
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
pub(super) struct Item {
    /// The noun phrase in Chinese, such as 纯棉圆领T恤.
    pub(super) zh: &'static str,
    /// The noun phrase in English.
    pub(super) en: &'static str,
    /// One sentence about it in Chinese.
    pub(super) desc_zh: &'static str,
    /// The same sentence in English.
    pub(super) desc_en: &'static str,
    /// The supply price range of its smallest variant, in fen.
    pub(super) price: (i64, i64),
    /// Its option axes, outermost first (at most two, so SKUs stay at most 12).
    pub(super) axes: &'static [&'static [Opt]],
}

/// A category: its slug, title words and the items listed in it.
pub(super) struct Category {
    /// The slug stored in `products.category`.
    pub(super) slug: &'static str,
    /// Title prefixes (Chinese, English) general enough for every item.
    pub(super) adjectives: &'static [(&'static str, &'static str)],
    /// What the category sells.
    pub(super) items: &'static [Item],
    /// Second description sentences (Chinese, English) about shipping or care.
    pub(super) tails: &'static [(&'static str, &'static str)],
}

/// The six categories, in the order of `shared::catalogue::Category::ALL`.
// One item per line, so the vocabulary reads as a table rather than 600 lines.
#[rustfmt::skip]
pub(super) const CATEGORIES: &[Category] = &[
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
