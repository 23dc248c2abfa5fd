// Bargaining in the widget. Two shoppers in two browser contexts (their own storage,
// so their own shopper ids): the starter starts a bargain on a product card and
// copies its link; a friend opens the link, helps once and takes the price to the
// floor; the starter, back at the link, buys at the floor on the test payment page,
// and the bargain reads as bought. The shop is a new owner's, its bargain offer set
// through the owner API, embedded in fresh pages on the demo site's origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, admin, edgeJson, ownerShop, shopPage, payForOffer, ready, pickVariant, shot, CONTACT, DEMO, uniqueTag, minor } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


/// A new owner's shop on the demo origin paying only on the test payment page, with
/// one product picked and offered for bargains down to its supply price, in one
/// friend's help.
async function bargainShop() {
  const { token, slug } = await ownerShop("brg", "Cut It", { payments: ["sandbox"] });
  const catalogue = await admin("GET", `/shops/${slug}/catalogue?limit=60`, token);
  // The floor must be at least every variant's supply price: the first product
  // whose variants all cost the same to the shop takes its supply price as floor.
  // Other tests sell variants out, so the bargain is on one still in stock.
  for (const item of catalogue.items.filter((p) => p.in_stock !== false && p.retail_price.amount > p.supply_price.amount)) {
    await admin("PUT", `/shops/${slug}/products/${item.id}`, token);
    const detail = await edgeJson(`/v1/shops/${slug}/products/${item.id}`);
    const sku = detail.skus.find((s) => s.stock !== "out_of_stock");
    // A floor under some variant's supply price is refused (400): try the next.
    const offer = sku && await admin("PUT", `/shops/${slug}/bargain-offers/${item.id}`, token, {
      floor: item.supply_price, helps: 1, duration_secs: 3600,
    }).catch((e) => {
      if (!String(e).includes("HTTP 400")) throw e;
      return null;
    });
    if (offer) return { token, slug, product: item.id, sku, floor: offer.floor };
    await admin("DELETE", `/shops/${slug}/products/${item.id}`, token);
  }
  throw new Error("no product of the catalogue can be bargained down to its supply price");
}

test("a starter's bargain is cut to its floor by a friend through the shared link, then bought at that price", async () => {
  const u = uniqueTag();
  const shop = await bargainShop();
  const url = `${DEMO}/bargain-${u}.html`;

  // The starter picks a variant and starts: the panel shows the full price and the
  // floor, Buy and the share button, never Help.
  const starter = await shopPage(browser, url, shop.slug, { product: shop.product, title: "Cut it with me" });
  const card = await ready(starter, "pocket-shop");
  await pickVariant(card, shop.sku);
  const start = card.locator("[data-testid=ps-bargain-start]");
  await start.waitFor({ timeout: 20_000 });
  await start.click();
  const panel = card.locator("[data-testid=ps-bargain]");
  await panel.locator("[data-testid=ps-bargain-price]").waitFor({ timeout: 20_000 });
  const startPrice = minor(await panel.locator("[data-testid=ps-bargain-price]").textContent());
  assert.equal(minor(await panel.locator("[data-testid=ps-bargain-floor]").textContent()), shop.floor.amount);
  assert.ok(startPrice > shop.floor.amount, `${startPrice} starts above the floor ${shop.floor.amount}`);
  assert.equal(await panel.locator("[role=progressbar]").getAttribute("aria-valuenow"), "0");
  assert.equal(await panel.locator("[data-testid=ps-bargain-help]").count(), 0, "no Help on one's own bargain");
  await panel.locator("[data-testid=ps-bargain-buy]").waitFor();
  await panel.locator("[data-testid=ps-bargain-share]").click();
  await panel.locator("[data-testid=ps-bargain-note]", { hasText: "Link copied" }).waitFor();
  const shared = await starter.evaluate(() => navigator.clipboard.readText());
  const match = shared.match(/#ps-bargain=(BG-[0-9a-f]+)&shop=(.+)$/);
  assert.ok(shared.startsWith(url) && match && match[2] === shop.slug, shared);
  await shot(starter, "bargain-started");

  // The friend opens the link: the bargain opens over the page with Help, not Buy.
  const friend = await shopPage(browser, shared, shop.slug, { product: shop.product, title: "Cut it with me" });
  const friendCard = await ready(friend, "pocket-shop");
  const dialog = friendCard.locator("[data-testid=ps-bargain-dialog]");
  await dialog.locator("[data-testid=ps-bargain-help]").waitFor({ timeout: 20_000 });
  assert.equal(await dialog.locator("[data-testid=ps-bargain-buy]").count(), 0, "only the starter buys");
  assert.equal(minor(await dialog.locator("[data-testid=ps-bargain-price]").textContent()), startPrice);
  await dialog.locator("[data-testid=ps-bargain-help]").click();
  // One help of one is the whole way: the cut is the start less the floor.
  await dialog.locator("[data-testid=ps-bargain-note]", { hasText: "You cut" }).waitFor({ timeout: 20_000 });
  assert.equal(minor(await dialog.locator("[data-testid=ps-bargain-note]").textContent()), startPrice - shop.floor.amount);
  assert.equal(minor(await dialog.locator("[data-testid=ps-bargain-price]").textContent()), shop.floor.amount);
  assert.equal(await dialog.locator("[role=progressbar]").getAttribute("aria-valuenow"), "100");
  await dialog.locator("[data-testid=ps-bargain-status]", { hasText: "The floor is reached" }).waitFor();
  assert.equal(await dialog.locator("[data-testid=ps-bargain-help]").count(), 0, "one help per friend");
  assert.equal(await dialog.locator("[data-testid=ps-bargain-helpers] li").count(), 1);
  await shot(friend, "bargain-helped");

  // The starter opens the link again: the floor is reached, and Buy checks out one
  // unit at it.
  await starter.goto(shared);
  const again = (await ready(starter, "pocket-shop")).locator("[data-testid=ps-bargain-dialog]");
  await again.locator("[data-testid=ps-bargain-status]", { hasText: "The floor is reached" }).waitFor({ timeout: 20_000 });
  assert.equal(minor(await again.locator("[data-testid=ps-bargain-price]").textContent()), shop.floor.amount);
  await again.locator("[data-testid=ps-bargain-buy]").click();
  const drawer = card.locator("[data-testid=ps-cart-drawer]");
  await drawer.locator("[data-testid=ps-checkout-form]").waitFor({ timeout: 20_000 });
  await shot(starter, "bargain-checkout");
  const orderId = await payForOffer(starter, card, CONTACT);

  // The order is paid, and the bargain reads bought at the floor (what checkout
  // charges under a bargain is the edge's, proven by its native flows).
  const orders = await admin("GET", `/shops/${shop.slug}/orders?limit=10`, shop.token);
  const placed = orders.items.find((o) => o.id === orderId);
  assert.ok(placed, `order ${orderId} among the shop's orders`);
  assert.ok(["paid", "submitted"].includes(placed.status), placed.status);
  const bargains = await admin("GET", `/shops/${shop.slug}/bargains`, shop.token);
  const bought = bargains.bargains.find((b) => b.id === match[1]);
  assert.equal(bought?.status, "bought", JSON.stringify(bargains));
  assert.equal(bought.price.amount, shop.floor.amount);

  assert.deepEqual(starter.problems, []);
  assert.deepEqual(friend.problems, []);
  await starter.context().close();
  await friend.context().close();
});
