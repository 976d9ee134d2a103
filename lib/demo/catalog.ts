// Static vocabulary for the demo store "Northwind Outfitters": names, places, products.
// Kept small on purpose; realism comes from the combinations and the messiness.

export const FIRST_NAMES = [
  "Maria",
  "James",
  "Aisha",
  "Wei",
  "Olivia",
  "Liam",
  "Sofia",
  "Noah",
  "Priya",
  "Lucas",
  "Emma",
  "Mateo",
  "Chloe",
  "Ethan",
  "Fatima",
  "Oliver",
  "Hannah",
  "Diego",
  "Grace",
  "Arjun",
  "Zoe",
  "Samuel",
  "Amara",
  "Leo",
  "Isla",
  "Kenji",
  "Mia",
  "Jonas",
  "Elena",
  "Tom",
  "Ava",
  "Hugo",
  "Nina",
  "Ravi",
  "Lena",
  "Omar",
  "Freya",
  "Max",
  "Yara",
  "Ben",
] as const;

export const LAST_NAMES = [
  "Garcia",
  "Smith",
  "Khan",
  "Chen",
  "Johnson",
  "Brown",
  "Rossi",
  "Williams",
  "Patel",
  "Martin",
  "Jones",
  "Lopez",
  "Taylor",
  "Lee",
  "Ahmed",
  "Wilson",
  "Muller",
  "Hernandez",
  "Clark",
  "Singh",
  "Walker",
  "Young",
  "Okafor",
  "King",
  "Wright",
  "Tanaka",
  "Scott",
  "Schmidt",
  "Green",
  "Baker",
] as const;

export const EMAIL_DOMAINS = [
  ["gmail.com", 45],
  ["yahoo.com", 12],
  ["outlook.com", 10],
  ["icloud.com", 10],
  ["hotmail.com", 8],
  ["aol.com", 3],
  ["proton.me", 3],
  ["hey.com", 2],
  ["fastmail.com", 2],
  ["acme-corp.com", 5],
] as const;

export type CountryCode = "US" | "GB" | "CA" | "AU" | "DE";

export const COUNTRIES = [
  ["US", 68],
  ["GB", 14],
  ["CA", 8],
  ["AU", 6],
  ["DE", 4],
] as const;

export const CITIES: Record<CountryCode, readonly string[]> = {
  US: ["New York", "San Francisco", "Chicago", "Austin", "Seattle", "Denver", "Boston", "Miami", "Atlanta", "Portland"],
  GB: ["London", "Manchester", "Bristol", "Leeds", "Edinburgh", "Glasgow"],
  CA: ["Toronto", "Vancouver", "Montreal", "Calgary"],
  AU: ["Sydney", "Melbourne", "Brisbane", "Perth"],
  DE: ["Berlin", "Hamburg", "Munich", "Cologne"],
};

/** Area codes (NANP) or mobile prefixes that libphonenumber accepts as valid. */
export const PHONE_PREFIXES: Record<CountryCode, readonly string[]> = {
  US: ["212", "415", "312", "617", "206", "303", "512", "305", "404", "503"],
  CA: ["416", "604", "514", "403"],
  GB: ["7400", "7824", "7595", "7712", "7956"], // not 7700 900xxx (Ofcom drama range) nor 7911: partly unallocated
  AU: ["412", "423", "438", "455"],
  DE: ["151", "160", "170", "176"],
};

export type Product = { sku: string; name: string; category: string; price: number };

export const PRODUCTS: readonly Product[] = [
  { sku: "TRL-JKT-01", name: "Ridgeline Rain Jacket", category: "outerwear", price: 189 },
  { sku: "TRL-JKT-02", name: "Summit Down Parka", category: "outerwear", price: 289 },
  { sku: "TRL-VST-01", name: "Featherlite Vest", category: "outerwear", price: 99 },
  { sku: "FTW-BOT-01", name: "Granite Hiking Boot", category: "footwear", price: 169 },
  { sku: "FTW-RUN-01", name: "Trailrunner 3", category: "footwear", price: 129 },
  { sku: "FTW-SND-01", name: "Riverbed Sandal", category: "footwear", price: 59 },
  { sku: "BAG-DAY-01", name: "Daypack 22L", category: "bags", price: 79 },
  { sku: "BAG-DUF-01", name: "Expedition Duffel 60L", category: "bags", price: 139 },
  { sku: "BAG-SLG-01", name: "Canyon Sling", category: "bags", price: 45 },
  { sku: "TOP-TEE-01", name: "Merino Trail Tee", category: "tops", price: 65 },
  { sku: "TOP-FLC-01", name: "Basecamp Fleece", category: "tops", price: 89 },
  { sku: "TOP-HDY-01", name: "Lodge Hoodie", category: "tops", price: 75 },
  { sku: "BTM-PNT-01", name: "Switchback Pant", category: "bottoms", price: 95 },
  { sku: "BTM-SHT-01", name: "Ridge Short", category: "bottoms", price: 55 },
  { sku: "ACC-HAT-01", name: "Sunpeak Cap", category: "accessories", price: 29 },
  { sku: "ACC-SCK-01", name: "Wool Hiker Socks (3-pack)", category: "accessories", price: 32 },
  { sku: "ACC-BTL-01", name: "Insulated Bottle 750ml", category: "accessories", price: 35 },
  { sku: "CMP-TNT-01", name: "Ultralight 2P Tent", category: "camping", price: 349 },
  { sku: "CMP-BAG-01", name: "Three-Season Sleeping Bag", category: "camping", price: 219 },
  { sku: "CMP-STV-01", name: "Pocket Stove", category: "camping", price: 49 },
];

/** Recurring sends, as a Customer.io workspace would have them. */
export const CAMPAIGNS = {
  newsletter: { campaignId: 101, journeyId: "jrn_weekly_newsletter", everyDays: 7, reach: 0.85 },
  winback: { campaignId: 205, journeyId: "jrn_winback_90d", everyDays: 10, reach: 0.8 },
  smsPromo: { campaignId: 310, journeyId: "jrn_sms_flash_sale", everyDays: 7, reach: 0.6 },
  abandonedCart: { campaignId: 402, journeyId: "jrn_abandoned_checkout" },
  postPurchase: { campaignId: 515, journeyId: "jrn_post_purchase" },
} as const;
