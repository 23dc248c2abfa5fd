// Paying on a hosted payment page: the shopper leaves the article for the edge's
// test-mode pay page, pays, comes back to the article at the order, and follows it
// to the door; an order left unpaid can be paid later from its page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, ready, pickSku, fillCheckout, shot, EDGE, SUPPLY } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const CARD = "pocket-shop[view=product]";

/// Adds the article's product to the cart and fills in the checkout form.
async function checkout(page) {
  const card = await ready(page, CARD);
  await card.locator("[data-testid=ps-product-title]").waitFor();
  await pickSku(card);
  await card.locator("[data-testid=ps-add-to-cart]").click();
  await card.locator("[data-testid=ps-view-cart]").click();
  const drawer = card.locator("[data-testid=ps-cart-drawer]");
  await drawer.locator("[data-testid=ps-checkout]").click();
  await drawer.locator("[data-testid=ps-checkout-form]").waitFor();
  await fillCheckout(drawer);
  const total = (await drawer.locator("[data-testid=ps-checkout-total]").textContent()).trim();
  // The test payment is the demo shop's first choice.
  const chosen = drawer.locator("[data-testid=ps-payment-method]:checked");
  assert.equal(await chosen.getAttribute("value"), "sandbox");
  return { card, drawer, total };
}

/// Checks out as `checkout` does and places the order; returns the drawer.
async function placeOrder(page) {
  const { drawer } = await checkout(page);
  await drawer.locator("[data-testid=ps-place-order]").click();
  return drawer;
}

/// On the test payment page the checkout (or an order's pay button) went to: reads
/// the order's id, presses `button` (`sandbox-pay` or `sandbox-cancel`) and waits for
/// the page to be back at the order; returns the id.
async function onPayPage(page, button) {
  await page.waitForURL((u) => u.href.startsWith(`${EDGE}/v1/pay/sandbox/`), { timeout: 20_000 });
  const orderId = (await page.locator("[data-testid=sandbox-order]").textContent()).trim();
  await page.locator(`[data-testid=${button}]`).click();
  await page.waitForURL((u) => u.hash.startsWith(`#ps-order=${orderId}`), { timeout: 20_000 });
  return orderId;
}

/// Moves the order on at the supplier's warehouse (the reference supplier's
/// simulation routes).
async function warehouse(orderId, action) {
  const r = await fetch(`${SUPPLY}/sim/orders/${orderId}/${action}`, {
    method: "POST", headers: { "content-type": "application/json" }, body: "{}",
  });
  assert.equal(r.status, 200, `${action}: ${await r.text()}`);
}

/// Refreshes the order page until its status is `want`.
async function statusBecomes(order, want) {
  for (let i = 0; i < 40; i++) {
    const status = await order.locator("[data-testid=ps-order-status]").getAttribute("data-status");
    if (status === want) return;
    await order.locator("[data-testid=ps-order-refresh]").click();
    await order.page().waitForTimeout(250);
  }
  assert.fail(`the order never became ${want}`);
}

test("a shopper pays on the test payment page, returns to the article and follows the order to the door", async () => {
  const page = await open(browser, "/blog.html");
  const { drawer, total } = await checkout(page);
  await shot(page, "checkout-test-payment");
  await drawer.locator("[data-testid=ps-place-order]").click();
  // The whole page goes to the edge's pay page: the widget never shows card fields.
  await page.waitForURL((u) => u.href.startsWith(`${EDGE}/v1/pay/sandbox/`), { timeout: 20_000 });
  assert.match(await page.locator("[data-testid=sandbox-banner]").textContent(), /测试模式/);
  assert.equal((await page.locator("[data-testid=sandbox-amount]").textContent()).trim(), total);
  const orderId = (await page.locator("[data-testid=sandbox-order]").textContent()).trim();
  assert.match(orderId, /^PS-/);
  await shot(page, "sandbox-pay-page");
  await page.locator("[data-testid=sandbox-pay]").click();

  // Back on the article, at the order.
  await page.waitForURL((u) => u.pathname.endsWith("/blog.html") && u.hash.startsWith(`#ps-order=${orderId}`), { timeout: 20_000 });
  const order = page.locator("[data-testid=ps-order]").first();
  await order.locator("[data-testid=ps-order-status]").waitFor({ timeout: 20_000 });
  assert.ok(["paid", "submitted"].includes(await order.locator("[data-testid=ps-order-status]").getAttribute("data-status")));
  await order.locator("[data-testid=ps-test-mode]").waitFor();
  await statusBecomes(order, "submitted");
  assert.equal(await order.locator("[data-testid=ps-order-total]").textContent(), total);
  assert.equal(await order.locator("[data-testid=ps-pay-now]").count(), 0, "nothing left to pay");
  await shot(page, "paid-order");
  // The host page heard the purchase once, when the order was seen paid.
  const purchases = await page.evaluate(() => window.__pocketshopEvents.filter(([n]) => n === "purchase"));
  assert.equal(purchases.length, 1);
  assert.equal(purchases[0][1].order_id, orderId);
  assert.equal(purchases[0][1].payment_method, "sandbox");

  await warehouse(orderId, "ship");
  await statusBecomes(order, "shipped");
  await order.locator("[data-testid=ps-order-tracking]").waitFor();
  await warehouse(orderId, "deliver");
  await statusBecomes(order, "delivered");
  await shot(page, "delivered-order");

  // After-sales: a refund request with a reason, shown on the order at once.
  await order.locator("[data-testid=ps-ask-after-sales]").click();
  const form = order.locator("[data-testid=ps-after-sales-form]");
  await form.locator("[data-testid=ps-after-sales-kind][value=refund]").check();
  await form.locator("[data-testid=ps-send-after-sales]").click();
  await form.locator("[data-testid=ps-field-error][data-field=reason]:not([hidden])").waitFor();
  await form.locator("[data-testid=ps-after-sales-reason]").fill("颜色和图片不一样");
  await form.locator("[data-testid=ps-send-after-sales]").click();
  const kase = order.locator("[data-testid=ps-case]");
  await kase.waitFor();
  assert.equal(await kase.getAttribute("data-status"), "requested");
  assert.ok((await kase.textContent()).includes("颜色和图片不一样"));
  await shot(page, "after-sales");
  // Still there after a reload.
  await page.reload();
  await page.locator("[data-testid=ps-case]").first().waitFor({ timeout: 20_000 });
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a shopper who leaves the pay page can pay later from the order page", async () => {
  const page = await open(browser, "/blog.html");
  await placeOrder(page);
  const orderId = await onPayPage(page, "sandbox-cancel");
  const order = page.locator("[data-testid=ps-order]").first();
  await order.locator("[data-testid=ps-order-status][data-status=pending_payment]").waitFor({ timeout: 20_000 });
  const due = order.locator("[data-testid=ps-pay-due]");
  await due.waitFor();
  await shot(page, "awaiting-payment");
  await due.locator("[data-testid=ps-pay-now]").click();
  await onPayPage(page, "sandbox-pay");
  const back = page.locator("[data-testid=ps-order]").first();
  await back.locator("[data-testid=ps-order-status]").waitFor({ timeout: 20_000 });
  await statusBecomes(back, "submitted");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a shopper whose browser cannot keep the order gets a link to it before going to pay, the link opens it, and once it is paid the page hears of the purchase once", async () => {
  // The host page's storage takes the cart but refuses the order list, as a full
  // one does.
  const page = await open(browser, "/blog.html", {
    init: () => {
      const set = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (String(key).endsWith(":orders")) throw new DOMException("full", "QuotaExceededError");
        return set.call(this, key, value);
      };
    },
  });
  const drawer = await placeOrder(page);
  const warning = drawer.locator("[data-testid=ps-order-not-kept]");
  await warning.waitFor({ timeout: 20_000 });
  const orderId = (await drawer.locator("[data-testid=ps-order-id]").textContent()).trim();
  const link = await warning.locator("[data-testid=ps-order-link]").inputValue();
  assert.ok(link.startsWith(`${new URL(page.url()).origin}/blog.html#ps-order=${orderId}&token=`), link);
  // The shopper is not sent to pay before they could keep the link, and can go from here.
  assert.ok(page.url().includes("/blog.html"), page.url());
  await drawer.locator("[data-testid=ps-pay-now]").waitFor();
  // The page's own address never carries the token.
  assert.doesNotMatch(await page.evaluate(() => location.hash), /token=/);
  await shot(page, "order-not-kept");

  // Later, the kept link opens the order, though this device has no record of it.
  await page.goto(link);
  await page.reload();
  const order = page.locator("[data-testid=ps-order]").first();
  await order.locator("[data-testid=ps-order-status]").waitFor({ timeout: 20_000 });
  assert.equal(await order.locator("[data-testid=ps-order-status]").getAttribute("data-status"), "pending_payment");

  // The shopper pays from there; the payment returns to a link without the token, so
  // they open the kept link again, and the host page hears of the purchase once.
  await order.locator("[data-testid=ps-pay-due] [data-testid=ps-pay-now]").click();
  await onPayPage(page, "sandbox-pay");
  await page.goto(link);
  await page.reload();
  const paid = page.locator("[data-testid=ps-order]").first();
  await paid.locator("[data-testid=ps-order-status]").waitFor({ timeout: 20_000 });
  await statusBecomes(paid, "submitted");
  await paid.locator("[data-testid=ps-order-refresh]").click();
  await paid.locator("[data-testid=ps-order-status]").waitFor();
  const purchases = await page.evaluate(() => window.__pocketshopEvents.filter(([n]) => n === "purchase"));
  assert.equal(purchases.length, 1, "one purchase, however often the page is refreshed");
  assert.equal(purchases[0][1].order_id, orderId);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("an order opened from its link on another device is kept in that device's orders, and once paid is reported to it once", async () => {
  const page = await open(browser, "/blog.html");
  await placeOrder(page);
  const orderId = await onPayPage(page, "sandbox-cancel");
  const token = await page.evaluate((id) => {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k.endsWith(":demo:orders")) return JSON.parse(localStorage.getItem(k)).find((o) => o.id === id)?.token;
    }
  }, orderId);
  assert.ok(token, "the order's token is kept on the device that placed it");
  const link = `${new URL(page.url()).origin}/blog.html#ps-order=${orderId}&token=${encodeURIComponent(token)}&shop=demo`;

  // Another device, with nothing stored, opens the unpaid order from its link.
  const other = await open(browser, "/blog.html");
  await other.goto(link);
  await other.locator("[data-testid=ps-order-status][data-status=pending_payment]").first().waitFor({ timeout: 20_000 });
  const heard = () => other.evaluate(() => window.__pocketshopEvents.filter(([n]) => n === "purchase").map(([, d]) => d.order_id));
  assert.deepEqual(await heard(), []);
  await other.locator("[data-testid=ps-my-orders-link]").first().click();
  const row = other.locator("[data-testid=ps-my-orders] [data-testid=ps-my-order]", { hasText: orderId }).first();
  await row.waitFor({ timeout: 20_000 });

  // Paid on the first device; the other hears of it once, when it sees it paid.
  const due = page.locator("[data-testid=ps-order] [data-testid=ps-pay-due]").first();
  await due.locator("[data-testid=ps-pay-now]").click();
  await onPayPage(page, "sandbox-pay");
  await row.click();
  const order = other.locator("[data-testid=ps-order]").first();
  await order.locator("[data-testid=ps-order-status]").waitFor({ timeout: 20_000 });
  await statusBecomes(order, "submitted");
  assert.deepEqual(await heard(), [orderId]);
  await other.reload();
  await other.locator("[data-testid=ps-order] [data-testid=ps-order-status]").first().waitFor({ timeout: 20_000 });
  assert.deepEqual(await heard(), [], "not again after a reload");
  assert.deepEqual(page.problems, []);
  assert.deepEqual(other.problems, []);
  await other.context().close();
  await page.context().close();
});
