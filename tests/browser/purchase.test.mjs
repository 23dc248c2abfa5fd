// A shopper buys from inside a blog article: with the mouse, and with the keyboard
// alone; then finds the order again after a reload.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, ready, pickSku, fillCheckout, shot, inShadow, CONTACT } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CARD = "pocket-shop[view=product]";

test("a shopper reads the article, buys from the product card, and sees the confirmation and then the order page", async () => {
  const page = await open(browser, "/blog.html");
  const card = await ready(page, CARD);
  await card.locator("[data-testid=ps-product-title]").waitFor();
  await shot(page, "product-card");
  const picks = await pickSku(card);
  assert.ok(picks.length > 0, "the card has options to pick");
  await shot(page, "sku-picker");
  await card.locator("[data-testid=ps-qty-inc]").click();
  assert.equal(await card.locator("[data-testid=ps-qty]").inputValue(), "2");
  await card.locator("[data-testid=ps-add-to-cart]").click();
  await card.locator("[data-testid=ps-added]").waitFor();
  await card.locator("[data-testid=ps-view-cart]").click();
  const drawer = card.locator("[data-testid=ps-cart-drawer]");
  await drawer.locator("[data-testid=ps-cart-line]").first().waitFor();
  assert.equal(await drawer.locator("[data-testid=ps-cart-line]").count(), 1);
  const total = await drawer.locator("[data-testid=ps-cart-total]").textContent();
  assert.match(total, /^¥\d/);
  await shot(page, "cart-drawer");
  await drawer.locator("[data-testid=ps-checkout]").click();
  await drawer.locator("[data-testid=ps-checkout-form]").waitFor();
  // Sending an empty form is refused next to each required field, before any request.
  await drawer.locator("[data-testid=ps-place-order]").click();
  await drawer.locator("[data-testid=ps-field-error][data-field=name]:not([hidden])").waitFor();
  const flagged = await drawer.locator("[data-testid=ps-field-error]:not([hidden])").evaluateAll((els) => els.map((e) => e.dataset.field));
  assert.deepEqual(flagged, ["name", "phone", "address.region", "address.city", "address.line"]);
  await fillCheckout(drawer);
  assert.equal(await drawer.locator("[data-testid=ps-checkout-total]").textContent(), total);
  // The demo shop offers the test payment first; this shopper pays on delivery.
  const methods = drawer.locator("[data-testid=ps-payment-method]");
  assert.deepEqual(await methods.evaluateAll((els) => els.map((e) => e.value)), ["sandbox", "cash_on_delivery"]);
  await methods.and(page.locator("[value=cash_on_delivery]")).check();
  await shot(page, "checkout-form");
  // A double click places one order (one idempotency key, a disabled button).
  await drawer.locator("[data-testid=ps-place-order]").dblclick();
  await drawer.locator("[data-testid=ps-confirmation]").waitFor();
  const orderId = (await drawer.locator("[data-testid=ps-order-id]").textContent()).trim();
  assert.match(orderId, /^PS-/);
  await shot(page, "confirmation");
  const saved = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.endsWith(":demo:orders")).map(([, v]) => JSON.parse(v)));
  assert.equal(saved.length, 1);
  assert.equal(saved[0].length, 1, "exactly one order was placed");
  assert.equal(saved[0][0].id, orderId);
  await drawer.locator("[data-testid=ps-view-order]").click();
  await drawer.locator("[data-testid=ps-order-status]").waitFor();
  assert.equal(await drawer.locator("[data-testid=ps-order-status]").getAttribute("data-status"), "submitted");
  assert.equal(await drawer.locator("[data-testid=ps-order-line]").count(), 1);
  assert.equal(await drawer.locator("[data-testid=ps-order-total]").textContent(), total);
  assert.ok((await drawer.textContent()).includes(CONTACT.line));
  await shot(page, "order-page");
  // The host page heard every step, with what it needs for its analytics.
  const events = await page.evaluate(() => window.__pocketshopEvents);
  const names = events.map(([name]) => name);
  assert.deepEqual(names.filter((n) => n !== "view_item"), ["add_to_cart", "begin_checkout", "purchase"]);
  assert.ok(names.includes("view_item"));
  const purchase = events.find(([n]) => n === "purchase")[1];
  assert.equal(purchase.order_id, orderId);
  assert.equal(purchase.shop, "demo");
  assert.equal(purchase.lines[0].quantity, 2);
  // The cart is empty now, for every widget of the shop on the page.
  assert.equal(await page.locator("pocket-shop[view=cart] [data-testid=ps-cart-count]").textContent(), "0");

  // Later: the order is one reload away, and in "my orders".
  assert.match(await page.evaluate(() => location.hash), /^#ps-order=/);
  await page.reload();
  const again = page.locator("[data-testid=ps-order-status]").first();
  await again.waitFor({ timeout: 20_000 });
  await page.locator("[data-testid=ps-my-orders-link]").first().click();
  const mine = page.locator("[data-testid=ps-my-order]");
  await mine.first().waitFor();
  assert.equal(await mine.count(), 1);
  assert.ok((await mine.first().textContent()).includes(orderId));
  await mine.first().click();
  await page.locator("[data-testid=ps-order-status]").first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/// The element focused inside the widget at `host`, by test id.
function focused(page, host) {
  return inShadow(page, host, (root) => {
    const a = root.activeElement;
    return a ? a.getAttribute("data-testid") ?? a.className : null;
  });
}

/// Presses Tab until the widget's focused element has test id `id`.
async function tabTo(page, host, id, { shift = false, max = 60 } = {}) {
  for (let i = 0; i < max; i++) {
    if ((await focused(page, host)) === id) return;
    await page.keyboard.press(shift ? "Shift+Tab" : "Tab");
  }
  assert.fail(`could not reach ${id} with the keyboard; focus is on ${await focused(page, host)}`);
}

test("the same purchase can be done with the keyboard alone", async () => {
  const page = await open(browser, "/blog.html");
  const card = await ready(page, CARD);
  await card.locator("[data-testid=ps-product-title]").waitFor();
  await page.keyboard.press("Tab");
  // Each axis: tab to its first option that can be bought and press Space.
  const axes = await card.locator("fieldset.ps-axis").count();
  for (let i = 0; i < axes; i++) {
    const axis = card.locator("fieldset.ps-axis").nth(i);
    const target = axis.locator("[data-testid=ps-option]:not([disabled])").first();
    const value = await target.getAttribute("data-value");
    for (let n = 0; n < 60; n++) {
      const here = await inShadow(page, CARD, (root) => root.activeElement?.getAttribute("data-value"));
      const onAxis = await inShadow(page, CARD, (root, i) => root.activeElement?.closest("fieldset") === root.querySelectorAll("fieldset.ps-axis")[i], i);
      if (here === value && onAxis) break;
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Space");
    assert.equal(await target.getAttribute("aria-pressed"), "true");
  }
  // The quantity field steps with the arrow keys.
  await tabTo(page, CARD, "ps-qty");
  for (const key of ["ArrowUp", "ArrowUp", "ArrowDown"]) await page.keyboard.press(key);
  assert.equal(await card.locator("[data-testid=ps-qty]").inputValue(), "2");
  await tabTo(page, CARD, "ps-add-to-cart");
  // Keyboard focus is visible.
  const outline = await inShadow(page, CARD, (root) => {
    const s = getComputedStyle(root.activeElement);
    return [s.outlineStyle, parseFloat(s.outlineWidth)];
  });
  assert.equal(outline[0], "solid");
  assert.ok(outline[1] >= 2);
  await page.keyboard.press("Enter");
  await tabTo(page, CARD, "ps-view-cart");
  await page.keyboard.press("Enter");
  const drawer = card.locator("[data-testid=ps-cart-drawer]");
  await drawer.locator("[data-testid=ps-checkout]").waitFor();
  assert.equal(await drawer.locator("[data-testid=ps-line-qty]").inputValue(), "2", "the quantity chosen with the arrow keys");
  // Focus is inside the drawer and stays there however far the shopper tabs.
  for (let i = 0; i < 15; i++) await page.keyboard.press("Tab");
  assert.ok(await inShadow(page, CARD, (root) => root.querySelector("[data-testid=ps-cart-drawer]").contains(root.activeElement)));
  for (let i = 0; i < 15; i++) await page.keyboard.press("Shift+Tab");
  assert.ok(await inShadow(page, CARD, (root) => root.querySelector("[data-testid=ps-cart-drawer]").contains(root.activeElement)));
  // Esc closes the drawer; the cart button opens it again.
  await page.keyboard.press("Escape");
  await drawer.waitFor({ state: "detached" });
  await tabTo(page, CARD, "ps-view-cart", { shift: true });
  await page.keyboard.press("Enter");
  await drawer.locator("[data-testid=ps-checkout]").waitFor();
  await tabTo(page, CARD, "ps-checkout");
  await page.keyboard.press("Enter");
  await drawer.locator("[data-testid=ps-checkout-form]").waitFor();
  await tabTo(page, CARD, "ps-field-name");
  for (const field of ["name", "phone", "region", "city", "district", "line", "postal_code"]) {
    assert.equal(await focused(page, CARD), `ps-field-${field}`);
    await page.keyboard.type(CONTACT[field]);
    await page.keyboard.press("Tab");
  }
  // The payment choice is a radio group: the arrow keys move to cash on delivery.
  assert.equal(await focused(page, CARD), "ps-payment-method");
  await page.keyboard.press("ArrowDown");
  assert.equal(await inShadow(page, CARD, (root) => root.querySelector("[data-testid=ps-payment-method]:checked").value), "cash_on_delivery");
  await tabTo(page, CARD, "ps-place-order");
  await page.keyboard.press("Enter");
  await drawer.locator("[data-testid=ps-confirmation]").waitFor();
  await tabTo(page, CARD, "ps-view-order");
  await page.keyboard.press("Enter");
  await drawer.locator("[data-testid=ps-order-status]").waitFor();
  await page.keyboard.press("Escape");
  await drawer.waitFor({ state: "detached" });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
