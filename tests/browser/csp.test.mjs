// The widget on a host page with a strict Content Security Policy: only the entries
// docs/embedding.md lists, no inline styles, no string evaluation.
// It must render with its own styles, sell, and cause no policy violation.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, ready, pickSku, fillCheckout, shot, inShadow } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("a strict CSP page shows the widget styled and sells with no policy violation", async () => {
  const page = await open(browser, "/strict-csp.html", {
    init: () => {
      window.__violations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`));
    },
  });
  const host = "pocket-shop[view=product]";
  const card = await ready(page, host);
  await card.locator("[data-testid=ps-product-title]").waitFor();
  const styled = await inShadow(page, host, (root) => ({
    sheets: root.adoptedStyleSheets.length,
    inlineStyles: root.querySelectorAll("style").length,
    addBg: getComputedStyle(root.querySelector("[data-testid=ps-add-to-cart]")).backgroundColor,
    titleFont: parseFloat(getComputedStyle(root.querySelector("[data-testid=ps-product-title]")).fontSize),
    hostDisplay: getComputedStyle(root.host).display,
  }));
  // The loader's sheet, the shop's theme for the first view and the widget's own
  // theme sheet, all constructed: no `<style>` at all.
  assert.equal(styled.sheets, 3);
  assert.equal(styled.inlineStyles, 0);
  assert.equal(styled.addBg, "rgb(228, 57, 60)");
  assert.equal(styled.titleFont, 18);
  assert.equal(styled.hostDisplay, "block");
  await pickSku(card);
  await card.locator("[data-testid=ps-add-to-cart]").click();
  await card.locator("[data-testid=ps-view-cart]").click();
  const drawer = card.locator("[data-testid=ps-cart-drawer]");
  await drawer.locator("[data-testid=ps-checkout]").click();
  await drawer.locator("[data-testid=ps-checkout-form]").waitFor();
  await fillCheckout(drawer);
  await drawer.locator("[data-testid=ps-payment-method][value=cash_on_delivery]").check();
  await drawer.locator("[data-testid=ps-place-order]").click();
  await drawer.locator("[data-testid=ps-confirmation]").waitFor();
  await shot(page, "strict-csp-order");
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});
