// Browsing: the mini shop's navigation and deep links, and what cannot be bought.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, ready, shot, edgeJson, EDGE } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("an out-of-stock SKU cannot be bought, and the picker says why", async () => {
  // The seed's tee (xtask/src/seed.rs) has one SKU sold out and the rest in stock;
  // the edge says which, and which options make it up.
  const id = "P90002";
  const product = await edgeJson(`/v1/shops/lumen/products/${id}`);
  const soldOut = product.skus.find((s) => s.stock === "out_of_stock");
  assert.ok(soldOut, "the fixture has a sold-out SKU");
  const inStock = product.skus.filter((s) => s.stock !== "out_of_stock");
  assert.ok(inStock.length > 0, "and SKUs that can be bought");
  const [a, b] = soldOut.options;
  // In stock: the sold-out SKU's first option with another second, and the reverse.
  const sameA = inStock.find((s) => s.options[0].en === a.en);
  const sameB = inStock.find((s) => s.options[1].en === b.en);
  assert.ok(sameA && sameB, JSON.stringify(product.skus));

  const page = await open(browser, `/store.html#ps-product=${id}&shop=lumen`);
  const shop = await ready(page, "pocket-shop[view=shop]");
  const detail = shop.locator(`[data-testid=ps-product][data-product-id=${id}]`);
  await detail.locator("[data-testid=ps-product-title]").waitFor();
  const option = (o) => detail.locator(`[data-testid=ps-option][data-axis="${o.axis}"][data-value="${o.en}"]`);
  const add = detail.locator("[data-testid=ps-add-to-cart]");
  assert.ok(await add.isDisabled(), "nothing picked yet");
  // With the first option picked, the sold-out second one is disabled and says why.
  await option(a).click();
  const blocked = option(b);
  assert.ok(await blocked.isDisabled());
  assert.equal(await blocked.getAttribute("title"), "Sold out");
  assert.ok((await blocked.locator("[data-testid=ps-option-reason]").textContent()).includes("Sold out"));
  assert.ok(!(await option(sameA.options[1]).isDisabled()), "the in-stock alternative stays enabled");
  assert.ok(await add.isDisabled(), `a ${b.axis} is still missing`);
  assert.equal((await detail.locator("[data-testid=ps-stock-note]").textContent()).trim(), `Choose a ${b.axis}`);
  await shot(page, "sku-sold-out");
  // Picking the second option first disables the first instead.
  await option(a).click();
  await option(b).click();
  assert.ok(await option(a).isDisabled());
  assert.ok(await add.isDisabled(), `a ${a.axis} is still missing`);
  assert.ok(!(await option(sameB.options[0]).isDisabled()));
  await option(sameB.options[0]).click();
  assert.ok(!(await add.isDisabled()), "an in-stock SKU can be added");
  // The edge refuses the sold-out SKU too, whatever a page sends.
  const quote = await page.evaluate(async ([edge, line]) => {
    const r = await fetch(`${edge}/v1/shops/lumen/quote`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ lines: [line] }),
    });
    return r.json();
  }, [EDGE, { product_id: id, sku: soldOut.sku, quantity: 1 }]);
  assert.equal(quote.orderable, false);
  assert.equal(quote.lines[0].problem.kind, "out_of_stock");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the shop view navigates inside the widget and its deep links survive a reload", async () => {
  const page = await open(browser, "/store.html");
  const shop = await ready(page, "pocket-shop[view=shop]");
  const tile = shop.locator("[data-testid=ps-product-card]").nth(1);
  await tile.waitFor();
  await shot(page, "shop-home");
  const id = await tile.getAttribute("data-product-id");
  await tile.click();
  await shop.locator(`[data-testid=ps-product][data-product-id=${id}] [data-testid=ps-product-title]`).waitFor();
  assert.equal(await page.evaluate(() => location.hash), `#ps-product=${id}&shop=lumen`);
  assert.equal(new URL(page.url()).pathname, "/store.html", "the host page's path never changes");
  await page.reload();
  const again = await ready(page, "pocket-shop[view=shop]");
  await again.locator(`[data-testid=ps-product][data-product-id=${id}] [data-testid=ps-product-title]`).waitFor();
  await shot(page, "shop-product");
  // Back returns to the collection.
  await page.goBack();
  await again.locator("[data-testid=ps-grid]").waitFor();
  // A category narrows the grid.
  await again.locator("[data-testid=ps-category][data-category=snacks]").click();
  await again.locator("[data-testid=ps-category][data-category=snacks][aria-pressed=true]").waitFor();
  await again.locator("[data-testid=ps-product-card]").first().waitFor();
  // Sharing a product gives a link back to this page with the product's deep link.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await again.locator("[data-testid=ps-product-card]").first().click();
  const share = again.locator("[data-testid=ps-share]");
  await share.click();
  // Desktop Linux Chromium has no share sheet: the link is copied.
  await again.locator("[data-testid=ps-share-note]", { hasText: "Link copied" }).waitFor();
  const shared = await page.evaluate(() => navigator.clipboard.readText());
  // It carries this device's sharer code, so an order through it credits the sharer.
  assert.match(shared, /\/store\.html#ps-product=P\d+&shop=lumen&ps-ref=[a-z0-9]{6,32}$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("infinite paging loads more products as the shopper scrolls", async () => {
  const page = await open(browser, "/store.html");
  const shop = await ready(page, "pocket-shop[view=shop]");
  const tiles = shop.locator("[data-testid=ps-product-card]");
  await tiles.first().waitFor();
  const first = await tiles.count();
  for (let i = 0; i < 6 && (await tiles.count()) <= first; i++) {
    await page.mouse.wheel(0, 2000);
    await page.waitForTimeout(400);
  }
  assert.ok((await tiles.count()) > first, `more than ${first} products after scrolling`);
  const ids = await tiles.evaluateAll((els) => els.map((e) => e.dataset.productId));
  assert.equal(new Set(ids).size, ids.length, "no product twice");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a network failure is explained and a retry recovers", async () => {
  const page = await open(browser, "/two-shops.html");
  // The edge is unreachable for lumen's catalogue at first.
  let down = true;
  await page.route("**/v1/shops/lumen/products?**", (route) => (down ? route.abort("connectionrefused") : route.continue()));
  const lumen = await ready(page, "pocket-shop[shop=lumen]");
  const problem = lumen.locator("[data-testid=ps-error]");
  await problem.waitFor();
  assert.match(await problem.textContent(), /could not reach the shop/);
  await shot(page, "network-failure");
  down = false;
  await problem.locator("[data-testid=ps-retry]").click();
  await lumen.locator("[data-testid=ps-product-card]").first().waitFor();
  assert.equal(await lumen.locator("[data-testid=ps-error]").count(), 0);
  // The other shop on the page never noticed.
  await (await ready(page, "pocket-shop[shop=demo]")).locator("[data-testid=ps-product-card]").first().waitFor();
  // Only the refused requests (and the browser's note of them) went wrong.
  const failed = page.problems.filter((p) => !p.includes("/v1/shops/lumen/products") && !p.includes("ERR_CONNECTION_REFUSED"));
  assert.deepEqual(failed, []);
  await page.context().close();
});
