// Browsing: the mini shop's navigation and deep links, and what cannot be bought.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, ready, shot } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("an out-of-stock SKU cannot be bought, and the picker says why", async () => {
  const page = await open(browser, "/store.html#ps-product=P90002&shop=lumen");
  const shop = await ready(page, "pocket-shop[view=shop]");
  const product = shop.locator("[data-testid=ps-product][data-product-id=P90002]");
  await product.locator("[data-testid=ps-product-title]").waitFor();
  const option = (axis, value) => product.locator(`[data-testid=ps-option][data-axis=${axis}][data-value="${value}"]`);
  const add = product.locator("[data-testid=ps-add-to-cart]");
  assert.ok(await add.isDisabled(), "nothing picked yet");
  await option("colour", "Black").click();
  const soldOut = option("size", "M");
  assert.ok(await soldOut.isDisabled());
  assert.equal(await soldOut.getAttribute("title"), "Sold out");
  assert.ok((await soldOut.locator("[data-testid=ps-option-reason]").textContent()).includes("Sold out"));
  assert.ok(!(await option("size", "L").isDisabled()));
  assert.ok(await add.isDisabled(), "a size is still missing");
  assert.equal((await product.locator("[data-testid=ps-stock-note]").textContent()).trim(), "Choose a size");
  // Picking M first disables black instead.
  await option("colour", "Black").click();
  await option("size", "M").click();
  assert.ok(await option("colour", "Black").isDisabled());
  assert.ok(!(await option("colour", "White").isDisabled()));
  await option("colour", "White").click();
  assert.ok(!(await add.isDisabled()));
  await shot(page, "sku-sold-out");
  // The edge refuses it too, whatever a page sends.
  const origin = new URL(page.url()).origin;
  const quote = await page.evaluate(async ([edge]) => {
    const r = await fetch(`${edge}/v1/shops/lumen/quote`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ lines: [{ product_id: "P90002", sku: "P90002-BLK-M", quantity: 1 }] }),
    });
    return r.json();
  }, [process.env.POCKETSHOP_EDGE_URL ?? "http://127.0.0.1:8787", origin]);
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
  assert.match(shared, /\/store\.html#ps-product=P\d+&shop=lumen$/);
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
