// Money in the widget: a shopper shares a product, a friend opens the shared link,
// buys with a coupon applied at checkout, and the sharer sees the order credited to
// them in their share earnings. The shop is a new owner's, with a coupon made through
// the owner API, embedded in a fresh page on the demo site's origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openUrl, ownerShop, ready, pickSku, fillCheckout, shot, DEMO, EDGE, admin, uniqueTag, minor } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const demoOrigin = new URL(DEMO).origin;

/// A new owner's shop on the demo origin with one product picked and a coupon
/// `SAVE1` of ¥1.00.
async function moneyShop() {
  const { token, slug } = await ownerShop("ref", "Share & Save", { payments: ["cash_on_delivery"] });
  const catalogue = await admin("GET", `/shops/${slug}/catalogue?limit=60`, token);
  const product = catalogue.items.find((p) => p.in_stock !== false)?.id ?? catalogue.items[0].id;
  await admin("PUT", `/shops/${slug}/products/${product}`, token);
  await admin("POST", `/shops/${slug}/coupons`, token, { code: "SAVE1", value: { kind: "fixed", amount: { amount: 100, currency: "CNY" } } });
  // Every new shopper gets a welcome coupon, listed at checkout.
  await admin("PUT", `/shops/${slug}/coupon-rules`, token, { welcome: { value: { kind: "fixed", amount: { amount: 50, currency: "CNY" } }, valid_days: 7 }, win_back: [] });
  return { slug, product };
}

/// A page of the demo origin, answered by the test, embedding the shop's product card.
async function hostPage(url, shop, options = {}) {
  const page = await openUrl(browser, "about:blank", options);
  await page.context().grantPermissions(["local-network-access", "clipboard-read", "clipboard-write"], { origin: demoOrigin });
  const path = new URL(url).pathname;
  await page.route(`${DEMO}${path}`, (route) => route.fulfill({
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Worth sharing</title></head>\n<body>\n<h1>Worth sharing</h1>\n<script type="module" src="${EDGE}/embed.js"></script>\n<pocket-shop shop="${shop.slug}" view="product" product="${shop.product}"></pocket-shop>\n</body></html>\n`,
  }));
  await page.goto(url);
  return page;
}


test("a friend buys through a shared link with a coupon and the sharer sees the order credited", async () => {
  const unique = uniqueTag();
  const shop = await moneyShop();
  const url = `${DEMO}/share-${unique}.html`;

  // The sharer shares the product: the link carries their code.
  const sharer = await hostPage(url, shop);
  const card = await ready(sharer, "pocket-shop");
  await card.locator("[data-testid=ps-product-title]").waitFor();
  await card.locator("[data-testid=ps-share]").click();
  await card.locator("[data-testid=ps-share-note]", { hasText: "Link copied" }).waitFor();
  const shared = await sharer.evaluate(() => navigator.clipboard.readText());
  const code = shared.match(/&ps-ref=([a-z0-9]+)$/)?.[1];
  assert.ok(code, `the shared link carries a sharer code: ${shared}`);

  // The friend opens it in another browser, buys with the coupon.
  const friend = await hostPage(shared, shop);
  const friendCard = await ready(friend, "pocket-shop");
  // The link opens the shared product in a dialog over the page.
  const dialog = friendCard.locator("[data-testid=ps-product-dialog]");
  await dialog.locator("[data-testid=ps-product-title]").waitFor();
  await pickSku(dialog);
  await dialog.locator("[data-testid=ps-add-to-cart]").click();
  await dialog.locator("[data-testid=ps-view-cart]").click();
  const drawer = friendCard.locator("[data-testid=ps-cart-drawer]");
  await drawer.locator("[data-testid=ps-checkout]").click();
  await drawer.locator("[data-testid=ps-checkout-form]").waitFor();
  // The friend's welcome coupon is offered; they use the shared code instead.
  await drawer.locator("[data-testid=ps-wallet-coupon]", { hasText: "¥0.50" }).waitFor();
  assert.equal(await drawer.locator("[data-testid=ps-wallet-coupon]").count(), 1);
  const before = minor(await drawer.locator("[data-testid=ps-checkout-total]").textContent());
  await drawer.locator("[data-testid=ps-coupon-input]").fill("save1");
  await drawer.locator("[data-testid=ps-coupon-apply]").click();
  await drawer.locator("[data-testid=ps-coupon-applied]").waitFor();
  const after = minor(await drawer.locator("[data-testid=ps-checkout-total]").textContent());
  assert.equal(after, before - 100, "¥1.00 off the total");
  await fillCheckout(drawer);
  await shot(friend, "checkout-with-coupon");
  await drawer.locator("[data-testid=ps-place-order]").click();
  await drawer.locator("[data-testid=ps-confirmation]").waitFor();
  assert.deepEqual(friend.problems, []);
  await friend.context().close();

  // The sharer opens their earnings: one order, commission pending.
  await sharer.evaluate((s) => { location.hash = `#ps-cart&shop=${s}`; }, shop.slug);
  const cart = sharer.locator("pocket-shop [data-testid=ps-cart-drawer]");
  await cart.waitFor();
  await cart.locator("[data-testid=ps-earnings-link]").click();
  await cart.locator("[data-testid=ps-earnings-totals]").waitFor();
  assert.equal((await cart.locator("[data-testid=ps-earnings-orders]").textContent()).trim(), "1");
  assert.ok(minor(await cart.locator("[data-testid=ps-earnings-pending]").textContent()) > 0, "a commission is pending");
  await shot(sharer, "share-earnings");
  assert.deepEqual(sharer.problems, []);
  await sharer.context().close();
});
