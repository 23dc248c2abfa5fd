// Shared helpers of the browser tests: Debian's Chromium driven by playwright-core,
// pages that record every console error, page error, failed request and dialog, and
// the shopper's steps (pick a SKU, fill the checkout) written once.
//
// The tests run against the demo host pages served on their own origin
// (POCKETSHOP_DEMO_URL) embedding the widget from the edge (POCKETSHOP_EDGE_URL),
// exactly as a blog embeds it. Playwright's CSS locators pierce open shadow roots,
// so `pocket-shop [data-testid=…]` reaches inside the widget.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export const DEMO = process.env.POCKETSHOP_DEMO_URL ?? "http://127.0.0.1:8790";
export const EDGE = process.env.POCKETSHOP_EDGE_URL ?? "http://127.0.0.1:8787";
export const SUPPLY = process.env.POCKETSHOP_SUPPLY_URL ?? "http://127.0.0.1:8788";
const ROOT = process.env.POCKETSHOP_ROOT ?? process.cwd();
export const SHOTS = join(ROOT, "target/pocketshop/screenshots");
mkdirSync(SHOTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.POCKETSHOP_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/// A fresh context (its own storage) and page at `path` of the demo site, recording
/// what went wrong on it in `page.problems`. `init`, when given, runs in the page
/// before any of its own scripts (and again after every reload).
export async function open(browser, path, options = {}) {
  return openUrl(browser, `${DEMO}${path}`, options);
}

/// `open`, at any `url` (the owners' console lives on the edge's origin, not the demo
/// site's). `permissions` are granted to the context for the page's origin;
/// `prepare(context)` runs before the page loads (routes set later can miss requests
/// the page makes at once).
export async function openUrl(browser, url, { width = 1200, height = 900, init, permissions, prepare } = {}) {
  const context = await browser.newContext({ viewport: { width, height } });
  if (permissions) await context.grantPermissions(permissions, { origin: new URL(url).origin });
  if (prepare) await prepare(context);
  if (init) await context.addInitScript(init);
  // Record the widget's events from the very start: the first may fire before a
  // test gets to listen.
  await context.addInitScript(() => {
    window.__pocketshopEvents = [];
    for (const name of ["view_item", "add_to_cart", "begin_checkout", "purchase", "share"]) {
      document.addEventListener(`pocketshop:${name}`, (e) => window.__pocketshopEvents.push([name, e.detail]));
    }
  });
  const page = await context.newPage();
  page.problems = [];
  page.dialogs = [];
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A reload or navigation aborts what is still loading: that is not a failure.
    if (r.failure()?.errorText !== "net::ERR_ABORTED") {
      page.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    }
  });
  page.on("response", (r) => {
    if (r.status() >= 400) page.problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  page.on("dialog", async (d) => {
    page.dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(url);
  return page;
}

/// The owner API: `method` on `/v1/admin{path}` with the session `token` (if any)
/// and a JSON `body`; the answer's JSON, or an error naming the status and body.
export async function admin(method, path, token, body) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const r = await fetch(`${EDGE}/v1/admin${path}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: HTTP ${r.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/// A tag no other test run has made: new owners', shops' and pages' names carry it.
export const uniqueTag = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

/// The minor units of a price as the widget shows it ("¥12.00" is 1200).
export const minor = (text) => Number(text.replace(/[^\d]/g, ""));

/// A new owner (signed up with a unique e-mail) and their new CNY shop `name` in
/// English, embeddable on the demo origin, its slug `prefix` and a unique tail;
/// `payments`, when given, are the only payment methods it offers. The session
/// token and the slug.
export async function ownerShop(prefix, name, { payments } = {}) {
  const u = uniqueTag();
  const { token } = await admin("POST", "/signup", null, { email: `${prefix}-${u}@owners.example`, password: "correct horse battery" });
  const slug = `${prefix}${u}`.slice(0, 20);
  await admin("POST", "/shops", token, { id: slug, name, currency: "CNY", locale: "en", allowed_origins: [new URL(DEMO).origin] });
  if (payments) await admin("PATCH", `/shops/${slug}`, token, { payment_methods: payments });
  return { token, slug };
}

/// GETs `path` from the edge API as the demo pages do (with their `Origin`), so a
/// test can find its data instead of hard-coding it.
export async function edgeJson(path) {
  const r = await fetch(`${EDGE}${path}`, { headers: { origin: new URL(DEMO).origin } });
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status} ${await r.text()}`);
  return r.json();
}

/// Scrolls the widget at `host` into view and waits until it has mounted.
export async function ready(page, host) {
  const el = page.locator(host).first();
  await el.scrollIntoViewIfNeeded();
  await page.waitForSelector(`${host}[data-ps-state=ready]`, { timeout: 20_000 });
  return el;
}

/// Picks, axis by axis, the first option that can be bought, and returns the picks.
export async function pickSku(scope) {
  // The widget draws a card's controls a frame after its title and price: wait for
  // them, or the axes would be counted before they are there.
  await scope.locator("[data-testid=ps-add-to-cart]").first().waitFor();
  const picks = [];
  const axes = scope.locator("fieldset.ps-axis");
  const n = await axes.count();
  for (let i = 0; i < n; i++) {
    const axis = axes.nth(i);
    const pressed = axis.locator("[data-testid=ps-option][aria-pressed=true]");
    if (await pressed.count()) continue;
    const option = axis.locator("[data-testid=ps-option]:not([disabled])").first();
    picks.push(await option.getAttribute("data-value"));
    await option.click();
  }
  return picks;
}

/// Picks the options of `sku` (as the edge's product detail gives it), axis by axis.
export async function pickVariant(scope, sku) {
  for (const { axis, en } of sku.options) {
    const option = scope.locator(`[data-testid=ps-option][data-axis="${axis}"][data-value="${en}"]`).first();
    if ((await option.getAttribute("aria-pressed")) !== "true") await option.click();
  }
}

export const CONTACT = {
  name: "王小明",
  phone: "13800138000",
  region: "浙江省",
  city: "杭州市",
  district: "西湖区",
  line: "文三路 90 号 2 幢 301",
  postal_code: "310012",
};

/// Fills the checkout form inside `scope`.
export async function fillCheckout(scope, contact = CONTACT) {
  for (const [field, value] of Object.entries(contact)) {
    await scope.locator(`[data-testid=ps-field-${field}]`).fill(value);
  }
}

/// Saves a screenshot where a person can look at it after a run.
export async function shot(page, name, fullPage = false) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

/// Runs `fn` in the shadow root of the first element matching `host`.
export function inShadow(page, host, fn, arg) {
  return page.evaluate(
    ([h, f, a]) => {
      const root = document.querySelector(h).shadowRoot;
      return new Function("root", "arg", `return (${f})(root, arg)`)(root, a);
    },
    [host, fn.toString(), arg],
  );
}

/// A page of the demo origin at `url`, answered by the test, embedding shop `slug`:
/// one product card when `product` is given (and a grid of the shop after it when
/// `grid`), else the whole shop (`view="shop"`). The clipboard is granted, so a
/// share link can be read back.
export async function shopPage(browser, url, slug, { product, grid = false, title = "A post" } = {}) {
  const page = await openUrl(browser, "about:blank");
  const origin = new URL(DEMO).origin;
  await page.context().grantPermissions(["local-network-access", "clipboard-read", "clipboard-write"], { origin });
  const widgets = product
    ? `<pocket-shop shop="${slug}" view="product" product="${product}"></pocket-shop>\n${grid ? `<pocket-shop shop="${slug}" view="grid"></pocket-shop>\n` : ""}`
    : `<pocket-shop shop="${slug}" view="shop"></pocket-shop>\n`;
  const path = new URL(url).pathname;
  await page.route(`${DEMO}${path}`, (route) => route.fulfill({
    contentType: "text/html; charset=utf-8",
    body: `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n<h1>${title}</h1>\n<script type="module" src="${EDGE}/embed.js"></script>\n${widgets}</body></html>\n`,
  }));
  await page.goto(url);
  return page;
}

/// Fills the open checkout of a campaign offer with `contact`, places the order,
/// pays on the sandbox page and waits to be back on the article at the order; the
/// order id.
export async function payForOffer(page, card, contact) {
  const drawer = card.locator("[data-testid=ps-cart-drawer]");
  await drawer.locator("[data-testid=ps-checkout-form]").waitFor({ timeout: 20_000 });
  await drawer.locator("[data-testid=ps-offer-title]").waitFor();
  await fillCheckout(drawer, contact);
  const chosen = drawer.locator("[data-testid=ps-payment-method]:checked");
  if ((await chosen.getAttribute("value")) !== "sandbox") throw new Error("the test payment page is not the method chosen");
  await drawer.locator("[data-testid=ps-place-order]").click();
  await page.waitForURL((u) => u.href.startsWith(`${EDGE}/v1/pay/sandbox/`), { timeout: 20_000 });
  const orderId = (await page.locator("[data-testid=sandbox-order]").textContent()).trim();
  await page.locator("[data-testid=sandbox-pay]").click();
  await page.waitForURL((u) => u.hash.startsWith(`#ps-order=${orderId}`), { timeout: 20_000 });
  // The pay page sends the shopper back with a redirect, which Playwright does not
  // route to the test's page: the demo server answers 404 for it. Opening the same
  // URL again is what the test's page answers; the widget then follows the link.
  const back = page.url();
  page.problems = page.problems.filter((p) => !p.includes(new URL(back).pathname) && !p.includes("status of 404"));
  await page.goto("about:blank");
  await page.goto(back);
  await ready(page, "pocket-shop");
  await page.locator("pocket-shop [data-testid=ps-order-status]").first().waitFor({ timeout: 20_000 });
  return orderId;
}
