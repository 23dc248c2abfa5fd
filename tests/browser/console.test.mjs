// A new store owner, from nothing to a sale: signs up in the console (served by the
// edge at /console/), creates a shop that the demo site's origin may embed, picks
// three products, marks them up 50 % after previewing the prices, orders two daily
// picks, sees the theme's live preview follow the form, copies the grid
// snippet; a fresh host page holding exactly that snippet shows exactly those three
// products at those prices and sells one on delivery; the order then shows in the
// console's Orders tab, with its earnings, and in the CSV download. The page is a
// chain store's: its member system signs a member token with the brand's secret from
// the console, and the order carries that member's id.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createHmac } from "node:crypto";
import { launch, openUrl, ready, pickSku, fillCheckout, shot, edgeJson, DEMO, EDGE } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Minor units of a price as the widget writes it (`¥1,234.50` → 123450).
const minor = (text) => Number(text.replace(/[^0-9]/g, ""));
/// A whole number from an element's `data-amount`.
const amount = async (locator) => Number(await locator.getAttribute("data-amount"));

test("an owner signs up, builds a shop, embeds it, and sees its first order and earnings", async () => {
  const unique = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
  const slug = `t-${unique}`;
  // Markup-looking text: the console must show it as text.
  const name = `<b>Owner</b> & shop ${unique}`;
  const email = `owner-${unique}@example.com`;
  const demoOrigin = new URL(DEMO).origin;

  const page = await openUrl(browser, `${EDGE}/console/`, {
    permissions: ["clipboard-read", "clipboard-write"],
  });
  // The console is a strict page: scripts from itself only.
  const csp = (await page.request.get(`${EDGE}/console/`)).headers()["content-security-policy"] ?? "";
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);

  // Signed out, the console asks to sign in; the owner signs up instead.
  await page.locator("[data-testid=pc-signin-form]").waitFor({ timeout: 20_000 });
  assert.match(page.url(), /#\/signin$/);
  await page.locator("[data-testid=pc-auth-switch]").click();
  const signup = page.locator("[data-testid=pc-signup-form]");
  await signup.waitFor();
  await signup.locator("[data-testid=pc-email]").fill(email);
  await signup.locator("[data-testid=pc-password]").fill("correct horse battery");
  await signup.locator("[data-testid=pc-auth-submit]").click();

  // A new shop the demo site may embed.
  const form = page.locator("[data-testid=pc-new-shop-form]");
  await form.waitFor();
  await form.locator("[data-testid=pc-shop-slug]").fill(slug);
  await form.locator("[data-testid=pc-shop-name]").fill(name);
  await form.locator("[data-testid=pc-shop-currency]").selectOption("CNY");
  await form.locator("[data-testid=pc-shop-locale]").selectOption("zh-CN");
  await form.locator("[data-testid=pc-shop-origins]").fill(`${demoOrigin}\n`);
  await shot(page, "console-new-shop");
  await form.locator("[data-testid=pc-create-shop]").click();
  await page.locator("[data-testid=pc-products]").waitFor();
  assert.match(page.url(), new RegExp(`#/shops/${slug}/products$`));
  assert.equal(await page.locator("[data-testid=pc-shop-title]").textContent(), name);
  assert.equal(await page.locator("[data-testid=pc-shop-title] b").count(), 0);

  // Picks three products that can be bought (the catalogue is the supplier's, and
  // the demo shop, which follows every category, says which are in stock).
  const rows = page.locator("[data-testid=pc-product]");
  await rows.first().waitFor();
  assert.equal(await page.locator("[data-testid=pc-product][data-selected=true]").count(), 0, "a new shop starts with nothing selected");
  const candidates = await rows.evaluateAll((els) => els.map((e) => e.dataset.productId));
  const picked = [];
  for (const id of candidates) {
    if (picked.length === 3) break;
    const product = await edgeJson(`/v1/shops/demo/products/${id}`).catch(() => null);
    if (!product?.in_stock) continue;
    const row = page.locator(`[data-testid=pc-product][data-product-id=${id}]`);
    await row.locator("[data-testid=pc-pick]").click();
    await row.locator("[data-testid=pc-pick][aria-pressed=true]").waitFor();
    assert.equal(await row.getAttribute("data-selected"), "true");
    picked.push(id);
  }
  assert.equal(picked.length, 3, `three products in stock among ${candidates.join(", ")}`);
  // The selection filter shows exactly them.
  await page.locator("[data-testid=pc-filter-selected]").selectOption("true");
  await page.waitForFunction(
    (n) => document.querySelectorAll("[data-testid=pc-product]").length === n
      && [...document.querySelectorAll("[data-testid=pc-product]")].every((r) => r.dataset.selected === "true"),
    3,
  );
  assert.deepEqual((await rows.evaluateAll((els) => els.map((e) => e.dataset.productId))).sort(), [...picked].sort());
  await shot(page, "console-products");

  // A shop-wide 50 % markup, previewed, then saved.
  await page.locator("[data-testid=pc-tab][data-tab=markup]").click();
  const markup = page.locator("[data-testid=pc-markup]");
  await markup.waitFor();
  while (await markup.locator("[data-testid=pc-rule]").count()) {
    await markup.locator("[data-testid=pc-rule-remove]").first().click();
  }
  await markup.locator("[data-testid=pc-rule-add]").click();
  const rule = markup.locator("[data-testid=pc-rule]");
  assert.equal(await rule.locator("[data-testid=pc-rule-scope]").inputValue(), "shop");
  await rule.locator("[data-testid=pc-rule-kind]").selectOption("percent");
  await rule.locator("[data-testid=pc-rule-value]").fill("50");
  assert.ok(await markup.locator("[data-testid=pc-markup-save]").isDisabled(), "no saving before a preview");
  await markup.locator("[data-testid=pc-markup-preview]").click();
  const lines = markup.locator("[data-testid=pc-preview-line]");
  await lines.first().waitFor();
  assert.deepEqual((await lines.evaluateAll((els) => els.map((e) => e.dataset.productId))).sort(), [...picked].sort());
  const prices = {};
  for (const id of picked) {
    const line = markup.locator(`[data-testid=pc-preview-line][data-product-id=${id}]`);
    const supply = await amount(line.locator("td").nth(1));
    const price = await amount(line.locator("[data-testid=pc-preview-new-price]"));
    const margin = await amount(line.locator("[data-testid=pc-preview-new-margin]"));
    // 50 % of the supply price, rounded half up, unless the supplier's floor is higher.
    assert.ok(price >= supply + Math.round(supply / 2), `${id}: ${price} for a supply price of ${supply}`);
    assert.equal(margin, price - supply);
    prices[id] = price;
  }
  await shot(page, "console-markup-preview");
  await markup.locator("[data-testid=pc-markup-save]").click();
  await markup.locator("[data-testid=pc-saved]").waitFor();

  // Daily picks: two of the three, the second moved first, in that order on the edge.
  await page.locator("[data-testid=pc-tab][data-tab=picks]").click();
  const picks = page.locator("[data-testid=pc-picks]");
  await picks.locator("[data-testid=pc-pick-candidate]").nth(2).waitFor();
  for (const id of picked.slice(0, 2)) {
    await picks.locator(`[data-testid=pc-pick-candidate][data-product-id=${id}] [data-testid=pc-pick-add]`).click();
  }
  await picks.locator("[data-testid=pc-pick-chosen]").nth(1).locator("[data-testid=pc-pick-up]").click();
  const order = [picked[1], picked[0]];
  assert.deepEqual(await picks.locator("[data-testid=pc-pick-chosen]").evaluateAll((els) => els.map((e) => e.dataset.productId)), order);
  await picks.locator("[data-testid=pc-picks-save]").click();
  await picks.locator("[data-testid=pc-saved]").waitFor();
  const daily = await edgeJson(`/v1/shops/${slug}/products?collection=picks`);
  assert.deepEqual(daily.items.map((p) => p.id), order);

  // The live theme preview is a real widget of this shop from this edge, following
  // the unsaved form.
  await page.locator("[data-testid=pc-tab][data-tab=theme]").click();
  await page.locator("[data-testid=pc-theme-colour]").fill("#0a7f55");
  const preview = page.locator("[data-testid=pc-theme-preview] pocket-shop[view=grid]");
  await preview.scrollIntoViewIfNeeded();
  await preview.locator("[data-testid=ps-product-card]").first().waitFor({ timeout: 20_000 });
  assert.equal(await preview.evaluate((el) => el.style.getPropertyValue("--ps-primary")), "#0a7f55");
  assert.equal(await preview.locator("[data-testid=ps-product-card]").count(), 3);
  await shot(page, "console-theme");

  // The grid snippet, copied.
  await page.locator("[data-testid=pc-tab][data-tab=snippet]").click();
  await page.locator("[data-testid=pc-snippet-view][value=grid]").check();
  const code = page.locator("[data-testid=pc-snippet-code]");
  const expected = `<script type="module" src="${EDGE}/embed.js"></script>\n<pocket-shop shop="${slug}" view="grid" style="display:block;min-height:560px"></pocket-shop>`;
  assert.equal(await code.inputValue(), expected);
  await page.locator("[data-testid=pc-snippet-copy]").click();
  await page.locator("[data-testid=pc-copied]").waitFor();
  const snippet = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(snippet, expected);
  await shot(page, "console-snippet");
  assert.deepEqual(page.problems, []);

  // The brand's member secret, made in the console and shown once; the chain store's
  // own member system signs its signed-in member's token with it.
  await page.evaluate(() => { location.hash = "#/shops"; });
  await page.locator("[data-testid=pc-member-secret-rotate]").click();
  await page.locator("[data-testid=pc-member-secret-rotate]").click();
  const secret = (await page.locator("[data-testid=pc-member-secret]").textContent()).trim();
  assert.match(secret, /^\S{32,}$/);
  const member = `M-${unique}`;
  const claims = Buffer.from(JSON.stringify({ member, exp: Math.floor(Date.now() / 1000) + 3600 })).toString("base64url");
  const memberToken = `${claims}.${createHmac("sha256", secret).update(claims).digest("hex")}`;
  await page.evaluate((s) => { location.hash = `#/shops/${s}/snippet`; }, slug);
  await page.locator("[data-testid=pc-snippet-code]").waitFor();

  // A fresh page on the demo site's origin holding exactly that snippet, with the
  // member's token added to the element as the chain store's page does. Chromium
  // counts a page the test itself answers as public, and asks before it reaches the
  // loopback edge (Local Network Access): the test grants that, as a visitor would.
  const host = await openUrl(browser, "about:blank");
  await host.context().grantPermissions(["local-network-access"], { origin: demoOrigin });
  const fresh = `${DEMO}/fresh-${unique}.html`;
  await host.route(fresh, (route) => route.fulfill({
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>A fresh blog</title></head>\n<body>\n<h1>My picks</h1>\n${snippet.replace("<pocket-shop ", `<pocket-shop member-token="${memberToken}" `)}\n</body></html>\n`,
  }));
  await host.goto(fresh);
  const grid = await ready(host, "pocket-shop[view=grid]");
  const cards = grid.locator("[data-testid=ps-product-card]");
  await cards.first().waitFor();
  await host.waitForFunction(() => document.querySelector("pocket-shop").shadowRoot.querySelectorAll("[data-testid=ps-product-card]").length >= 3);
  const shown = await cards.evaluateAll((els) => els.map((e) => e.dataset.productId));
  assert.deepEqual([...shown].sort(), [...picked].sort(), "exactly the three picked products");
  for (const id of picked) {
    const text = await grid.locator(`[data-testid=ps-product-card][data-product-id=${id}] .ps-price-now`).textContent();
    assert.equal(minor(text), prices[id], `${id} at the previewed price`);
  }
  await shot(host, "console-fresh-host-page");

  // A purchase, paid on delivery.
  await cards.first().click();
  const dialog = grid.locator("[data-testid=ps-product-dialog]");
  await dialog.locator("[data-testid=ps-product-title]").waitFor();
  await pickSku(dialog);
  await dialog.locator("[data-testid=ps-add-to-cart]").click();
  await dialog.locator("[data-testid=ps-view-cart]").click();
  const drawer = grid.locator("[data-testid=ps-cart-drawer]");
  await drawer.locator("[data-testid=ps-checkout]").click();
  await drawer.locator("[data-testid=ps-checkout-form]").waitFor();
  await fillCheckout(drawer);
  await drawer.locator("[data-testid=ps-payment-method][value=cash_on_delivery]").check();
  const total = minor(await drawer.locator("[data-testid=ps-checkout-total]").textContent());
  await drawer.locator("[data-testid=ps-place-order]").click();
  await drawer.locator("[data-testid=ps-confirmation]").waitFor();
  const orderId = (await drawer.locator("[data-testid=ps-order-id]").textContent()).trim();
  assert.match(orderId, /^PS-/);
  assert.deepEqual(host.problems, []);
  await host.context().close();

  // The order, in the console, with its earnings.
  await page.locator("[data-testid=pc-tab][data-tab=orders]").click();
  const row = page.locator(`[data-testid=pc-order][data-order-id="${orderId}"]`);
  await row.waitFor();
  assert.equal(await page.locator("[data-testid=pc-order]").count(), 1);
  assert.equal(await row.getAttribute("data-status"), "submitted");
  assert.equal(await amount(row.locator("[data-testid=pc-order-total]")), total);
  const earnings = await amount(row.locator("[data-testid=pc-order-earnings]"));
  assert.equal((await row.locator("[data-testid=pc-order-member]").textContent()).trim(), member);
  assert.ok(earnings > 0 && earnings < total, `earnings ${earnings} of a total of ${total}`);
  assert.equal((await page.locator("[data-testid=pc-totals-orders]").textContent()).trim(), "1");
  assert.equal(await amount(page.locator("[data-testid=pc-totals-revenue]")), total);
  assert.equal(await amount(page.locator("[data-testid=pc-totals-earnings]")), earnings);
  await shot(page, "console-orders");

  // The CSV, fetched with the session and saved from a Blob URL.
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator("[data-testid=pc-orders-csv]").click(),
  ]);
  assert.equal(download.suggestedFilename(), `${slug}-orders.csv`);
  const csv = (await readFile(await download.path(), "utf8")).trim().split(/\r?\n/);
  assert.equal(csv[0], "order,created_at,status,payment_method,currency,total,supply_cost,earnings,member_id");
  assert.equal(csv.length, 2);
  const cells = csv[1].split(",");
  assert.equal(cells[0], orderId);
  assert.equal(cells[2], "submitted");
  assert.equal(cells[3], "cash_on_delivery");
  assert.equal(cells[4], "CNY");
  assert.equal(minor(cells[5]), total);
  assert.equal(minor(cells[7]), earnings);
  // 50 % on the supply price: the owner keeps at least half the supply cost.
  const supplyCost = minor(cells[6]);
  assert.ok(earnings >= Math.round(supplyCost / 2), `earnings ${earnings} on a supply cost of ${supplyCost}`);
  assert.deepEqual(page.problems, []);

  // Following a category brings its products into the shop by themselves.
  await page.locator("[data-testid=pc-tab][data-tab=products]").click();
  const follow = page.locator("[data-testid=pc-follow][data-category=snacks]");
  await follow.check();
  await page.locator("[data-testid=pc-product]").first().waitFor();
  await page.waitForFunction(() => document.querySelector("[data-testid=pc-follow][data-category=snacks]").checked);
  const snacks = await edgeJson(`/v1/shops/${slug}/products?category=snacks&limit=5`);
  assert.ok(snacks.items.length > 0, "the followed category's products are on sale");
  await follow.uncheck();
  await page.waitForFunction(() => !document.querySelector("[data-testid=pc-follow][data-category=snacks]").checked);
  assert.deepEqual(page.problems, []);

  // Signing out forgets the session; a lost session sends the owner back to sign in.
  await page.locator("[data-testid=pc-sign-out]").click();
  await page.locator("[data-testid=pc-signin-form]").waitFor();
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  await page.evaluate(() => {
    sessionStorage.setItem("pocketshop:console:token", "0".repeat(64));
    history.replaceState(null, "", "#/shops");
  });
  await page.reload();
  await page.locator("[data-testid=pc-signin-form]").waitFor();
  assert.match(page.url(), /#\/signin$/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("pocketshop:console:token")), null);
  await page.context().close();
});
