// Group buying and flash sales in the widget. Two shoppers in two browser contexts
// (their own storage, so their own shopper ids): one opens a group of two by paying
// on the test payment page and shares its link; the other opens the link, joins and
// pays; the group completes and both see it complete. A flash sale shows its price,
// a countdown to its end and, once its only unit is taken, sold out. The shop is a
// new owner's, its campaigns made through the owner API, embedded in fresh pages on
// the demo site's origin.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openUrl, ownerShop, shopPage, payForOffer, ready, pickSku, shot, CONTACT, DEMO, EDGE, uniqueTag, minor } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const demoOrigin = new URL(DEMO).origin;

async function call(method, url, token, body, headers = {}) {
  const h = { "content-type": "application/json", ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  const r = await fetch(url, { method, headers: h, body: body && JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url}: HTTP ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const admin = (method, path, token, body) => call(method, `${EDGE}/v1/admin${path}`, token, body);
const shopApi = (method, path, body, headers) =>
  call(method, `${EDGE}/v1${path}`, null, body, { origin: demoOrigin, ...headers });

/// A new owner's shop on the demo origin paying only on the test payment page (a
/// group is prepaid), with two products picked: one for a group deal of two, one
/// for a flash sale of a single unit.
async function campaignShop() {
  const { token, slug } = await ownerShop("grp", "Better Together", { payments: ["sandbox"] });
  const catalogue = await admin("GET", `/shops/${slug}/catalogue?limit=60`, token);
  const items = catalogue.items.filter((p) => p.in_stock !== false);
  assert.ok(items.length >= 2, "two products in stock");
  const [group, flash] = [items[0], items[1]];
  const products = {};
  for (const item of [group, flash]) {
    await admin("PUT", `/shops/${slug}/products/${item.id}`, token);
    const detail = await shopApi("GET", `/shops/${slug}/products/${item.id}`);
    const sku = detail.skus.find((s) => s.stock !== "out_of_stock") ?? detail.skus[0];
    // Campaign prices sit well above the supply price, as the edge requires.
    const price = { amount: item.supply_price.amount * 2 + 100, currency: "CNY" };
    products[item.id] = { id: item.id, sku: sku.sku, price };
  }
  const g = products[group.id];
  const deal = await admin("POST", `/shops/${slug}/group-deals`, token, {
    product_id: g.id, skus: [g.sku], price: g.price, size: 2, window_secs: 3600,
  });
  const f = products[flash.id];
  const sale = await admin("POST", `/shops/${slug}/flash-sales`, token, {
    product_id: f.id, skus: [f.sku], price: f.price, cap: 1, per_shopper: 1,
  });
  return { token, slug, group: g, flash: f, deal, sale };
}


test("one shopper opens a group, a friend joins through the shared link, and both see it complete", async () => {
  const u = uniqueTag();
  const shop = await campaignShop();
  const url = `${DEMO}/group-${u}.html`;

  // The opener picks the group deal on the product card and pays.
  const opener = await shopPage(browser, url, shop.slug, { product: shop.group.id, title: "Better together" });
  let card = await ready(opener, "pocket-shop");
  const deal = card.locator("[data-testid=ps-group-deal]");
  await deal.waitFor({ timeout: 20_000 });
  assert.equal(await deal.getAttribute("data-deal"), shop.deal.id);
  assert.equal(await deal.locator("[data-testid=ps-group-deal-terms]").getAttribute("data-size"), "2");
  await pickSku(card);
  await deal.locator("[data-testid=ps-group-start]").click();
  await shot(opener, "group-open-checkout");
  await payForOffer(opener, card, CONTACT);

  // The paid order links to its group, which says the opener is in it and offers
  // its link to share, not Join (the edge allows one place per shopper).
  const orderGroup = opener.locator("pocket-shop [data-testid=ps-order-group]").first();
  await orderGroup.waitFor({ timeout: 20_000 });
  const ownGroup = await orderGroup.getAttribute("data-group");
  await orderGroup.locator("[data-testid=ps-order-group-open]").click();
  const fromOrder = orderGroup.locator("[data-testid=ps-group]");
  await fromOrder.locator("[data-testid=ps-group-status][data-status=open]").waitFor({ timeout: 20_000 });
  await fromOrder.locator("[data-testid=ps-group-mine]").waitFor();
  assert.equal(await fromOrder.locator("[data-testid=ps-group-join]").count(), 0, "no Join on one's own group");
  assert.ok((await fromOrder.locator("[data-testid=ps-group-link]").inputValue()).endsWith(`#ps-group=${ownGroup}&shop=${shop.slug}`));
  await fromOrder.locator("[data-testid=ps-group-share]").waitFor();
  await shot(opener, "group-from-order");

  // Back on the article, the card lists the group as open; its panel, too, says
  // the opener is in and has the link.
  await opener.goto(url);
  card = await ready(opener, "pocket-shop");
  const openGroup = card.locator("[data-testid=ps-open-group]");
  await openGroup.waitFor({ timeout: 20_000 });
  const groupId = await openGroup.getAttribute("data-group");
  assert.equal(groupId, ownGroup);
  // The list is the shop's, but the opener's own group reads as theirs, not Join.
  assert.equal(await openGroup.getAttribute("data-yours"), "true");
  assert.equal((await openGroup.locator("[data-testid=ps-open-group-view]").textContent()).trim(), "Your group");
  await openGroup.locator("[data-testid=ps-open-group-view]").click();
  const panel = card.locator("[data-testid=ps-group]");
  await panel.locator("[data-testid=ps-group-status][data-status=open]").waitFor({ timeout: 20_000 });
  await panel.locator("[data-testid=ps-group-mine]").waitFor();
  assert.equal(await panel.locator("[data-testid=ps-group-join]").count(), 0, "no Join on one's own group");
  assert.equal(await panel.locator("[data-testid=ps-group-places]").getAttribute("data-left"), "1");
  assert.equal((await panel.locator("[data-testid=ps-group-member]").textContent()).includes("王**"), true, "the opener, masked");
  assert.ok(Number(await panel.locator("[data-testid=ps-group-countdown]").getAttribute("data-seconds")) > 3000, "about an hour to fill");
  const shared = await panel.locator("[data-testid=ps-group-link]").inputValue();
  assert.equal(shared, `${url}#ps-group=${groupId}&shop=${shop.slug}`);
  await shot(opener, "group-open-waiting");

  // The friend, in another browser, opens the link: the group opens over the page.
  const friend = await shopPage(browser, shared, shop.slug, { product: shop.group.id, title: "Better together" });
  const friendCard = await ready(friend, "pocket-shop");
  const dialog = friendCard.locator("[data-testid=ps-group-dialog]");
  await dialog.locator("[data-testid=ps-group-status][data-status=open]").waitFor({ timeout: 20_000 });
  assert.equal(await dialog.locator("[data-testid=ps-group-places]").getAttribute("data-left"), "1");
  await shot(friend, "group-shared-link");
  assert.equal(await dialog.locator("[data-testid=ps-group-mine]").count(), 0, "the friend is not in it yet");
  // On the friend's card the same group is one to join.
  const listed = friendCard.locator(`[data-testid=ps-open-group][data-group="${groupId}"]`);
  await listed.waitFor({ timeout: 20_000 });
  assert.equal(await listed.getAttribute("data-yours"), "false");
  assert.equal((await listed.locator("[data-testid=ps-open-group-view]").textContent()).trim(), "Join");
  await dialog.locator("[data-testid=ps-group-join]").click();
  await payForOffer(friend, friendCard, { ...CONTACT, name: "Alice Chen" });

  // The group is complete: the opener's panel sees it without a reload…
  await panel.locator("[data-testid=ps-group-status][data-status=complete]").waitFor({ timeout: 60_000 });
  assert.equal(await panel.locator("[data-testid=ps-group-join]").count(), 0, "nothing left to join");
  await shot(opener, "group-complete-opener");
  // …and the friend, opening the link again, sees both members paid.
  await friend.goto(shared);
  const again = (await ready(friend, "pocket-shop")).locator("[data-testid=ps-group-dialog]");
  await again.locator("[data-testid=ps-group-status][data-status=complete]").waitFor({ timeout: 20_000 });
  const members = again.locator("[data-testid=ps-group-member]");
  assert.equal(await members.count(), 2);
  assert.deepEqual(await members.evaluateAll((els) => els.map((e) => e.dataset.paid)), ["true", "true"]);
  const names = (await again.locator("[data-testid=ps-group-members]").textContent());
  assert.ok(names.includes("王**") && names.includes("A**"), names);
  await shot(friend, "group-complete-friend");

  const view = await shopApi("GET", `/shops/${shop.slug}/groups/${groupId}`);
  assert.equal(view.status, "complete");
  assert.deepEqual(opener.problems, []);
  assert.deepEqual(friend.problems, []);
  await opener.context().close();
  await friend.context().close();
});

test("a flash sale shows its price and a countdown to its end, and sold out once its unit is taken", async () => {
  const u = uniqueTag();
  const shop = await campaignShop();
  const url = `${DEMO}/flash-${u}.html`;
  const page = await shopPage(browser, url, shop.slug, { product: shop.flash.id, title: "Better together", grid: true });
  const card = await ready(page, "pocket-shop[view=product]");
  const flash = card.locator("[data-testid=ps-flash]");
  await flash.waitFor({ timeout: 20_000 });
  assert.equal(await flash.getAttribute("data-phase"), "active");
  assert.equal(await flash.getAttribute("data-sold-out"), "false");
    assert.equal(minor(await flash.locator("[data-testid=ps-flash-price]").textContent()), shop.flash.price.amount);
  const countdown = flash.locator("[data-testid=ps-flash-countdown]");
  await page.waitForFunction(() => {
    const root = document.querySelector("pocket-shop[view=product]").shadowRoot;
    return root.querySelector("[data-testid=ps-flash-countdown]")?.dataset.seconds;
  });
  const first = Number(await countdown.getAttribute("data-seconds"));
  // A 48-hour sale that just started.
  assert.ok(first > 47 * 3600 && first <= 48 * 3600, `${first} s left`);
  await page.waitForTimeout(2_100);
  assert.ok(Number(await countdown.getAttribute("data-seconds")) < first, "it counts down");
  assert.match(await countdown.textContent(), /Ends in\s+\d+d \d\d:\d\d:\d\d/);
  assert.equal(await flash.locator("[data-testid=ps-flash-left]").getAttribute("data-left"), "1");
  // Buying needs a picked option; then the flash price's checkout opens.
  assert.equal(await flash.locator("[data-testid=ps-flash-buy]").isDisabled(), true);
  await pickSku(card);
  await flash.locator("[data-testid=ps-flash-buy]:not([disabled])").waitFor();
  // The grid's tile of the product wears the flash sale's badge.
  const grid = await ready(page, "pocket-shop[view=grid]");
  const badge = grid.locator(`[data-testid=ps-product-card][data-product-id=${shop.flash.id}] [data-testid=ps-campaign-badge]`);
  await badge.waitFor({ timeout: 20_000 });
  assert.equal(await badge.getAttribute("data-kind"), "flash");
  await shot(page, "flash-sale-running");

  // Someone else takes the only unit (an order waiting for its payment holds it).
  const lines = [{ product_id: shop.flash.id, sku: shop.flash.sku, quantity: 1 }];
  const offer = { kind: "flash", campaign: shop.sale.id };
  const shopper = `other-${u}-shopper`;
  const quote = await shopApi("POST", `/shops/${shop.slug}/quote`, { lines, offer, shopper });
  await shopApi("POST", `/shops/${shop.slug}/orders`, {
    lines, offer, shopper, confirmed_total: quote.total, contact: {
      name: CONTACT.name, phone: CONTACT.phone,
      address: { region: CONTACT.region, city: CONTACT.city, district: CONTACT.district, line: CONTACT.line, postal_code: CONTACT.postal_code },
    },
    payment_method: "sandbox", return_url: `${url}#ps-cart`,
  }, { "idempotency-key": `flash-${u}` });
  await page.reload();
  const after = (await ready(page, "pocket-shop[view=product]")).locator("[data-testid=ps-flash]");
  await after.locator("[data-testid=ps-flash-sold-out]").waitFor({ timeout: 20_000 });
  assert.equal(await after.getAttribute("data-sold-out"), "true");
  assert.equal(await after.locator("[data-testid=ps-flash-buy]").isDisabled(), true);
  await shot(page, "flash-sale-sold-out");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("an owner creates, lists and ends a flash sale and a group deal in the console's campaigns tab", async () => {
  const u = uniqueTag();
  const shop = await campaignShop();
  // Signed in as the owner: the console keeps its session token in sessionStorage.
  const page = await openUrl(browser, `${EDGE}/console/`, {
    init: `sessionStorage.setItem("pocketshop:console:token", ${JSON.stringify(shop.token)});`,
  });
  await page.evaluate((s) => { location.hash = `#/shops/${s}/campaigns`; }, shop.slug);
  const tab = page.locator("[data-testid=pc-campaigns]");
  await tab.waitFor({ timeout: 20_000 });
  // The fixture's two campaigns are listed, running.
  await tab.locator(`[data-testid=pc-flash-sale][data-id="${shop.sale.id}"][data-phase=active]`).waitFor();
  await tab.locator(`[data-testid=pc-group-deal][data-id="${shop.deal.id}"][data-phase=active]`).waitFor();

  // A flash sale of the group product, starting in two hours, for six hours.
  const form = tab.locator("[data-testid=pc-flash-form]");
  await form.locator("[data-testid=pc-flash-product]").fill(shop.group.id);
  await form.locator("[data-testid=pc-flash-price]").fill((shop.group.price.amount / 100).toFixed(2));
  await form.locator("[data-testid=pc-flash-in]").fill("2");
  await form.locator("[data-testid=pc-flash-hours]").fill("6");
  await form.locator("[data-testid=pc-flash-cap]").fill("5");
  await form.locator("[data-testid=pc-flash-each]").fill("2");
  await form.locator("[data-testid=pc-flash-create]").click();
  const coming = tab.locator("[data-testid=pc-flash-sale][data-phase=upcoming]");
  await coming.waitFor();
  assert.equal((await coming.locator("[data-testid=pc-flash-sold]").textContent()).trim(), "0/5");

  // A group deal of three of the flash product.
  const deal = tab.locator("[data-testid=pc-deal-form]");
  await deal.locator("[data-testid=pc-deal-product]").fill(shop.flash.id);
  await deal.locator("[data-testid=pc-deal-price]").fill((shop.flash.price.amount / 100).toFixed(2));
  await deal.locator("[data-testid=pc-deal-size]").fill("3");
  await deal.locator("[data-testid=pc-deal-window]").fill("12");
  await deal.locator("[data-testid=pc-deal-create]").click();
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=pc-group-deal]").length === 2);
  await shot(page, "console-campaigns");

  // Ending the fixture's flash sale takes it off the widget's list.
  await tab.locator(`[data-testid=pc-flash-sale][data-id="${shop.sale.id}"] [data-testid=pc-flash-end]`).click();
  await tab.locator(`[data-testid=pc-flash-sale][data-id="${shop.sale.id}"][data-phase=ended]`).waitFor();
  const live = await shopApi("GET", `/shops/${shop.slug}/campaigns`);
  assert.equal(live.flash_sales.some((f) => f.id === shop.sale.id), false);
  assert.equal(live.flash_sales.length, 1, "the coming one");
  assert.equal(live.group_deals.length, 2);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
