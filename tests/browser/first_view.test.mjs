// The first view the edge renders: the loader paints it from one small HTML answer
// before the WASM widget arrives, and the widget then takes its place without
// moving anything. The WASM is held back here until the test lets it go, so what
// the shopper sees before it is checked, not assumed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, open, shot, inShadow } from "./support.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// Opens `path` with every response matching `held` (every WASM unless told) held
/// until the returned `release()`; with more globs, each is held until its own
/// release in `releases`, in the same order.
async function openHeld(path, held = "**/*.wasm", ...more) {
  const globs = [held, ...more];
  const releases = [];
  const gates = globs.map(() => new Promise((r) => releases.push(r)));
  const page = await open(browser, path, {
    init: () => {
      window.__shifts = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
      }).observe({ type: "layout-shift", buffered: true });
    },
    // Held from the start: the widget may ask for its WASM as soon as the page loads.
    prepare: async (context) => {
      for (const [i, glob] of globs.entries()) {
        await context.route(glob, async (route) => {
          await gates[i];
          await route.continue();
        });
      }
    },
  });
  return { page, release: releases[0], releases };
}

function firstView(page, host) {
  return inShadow(page, host, (root) => {
    // Where each product sits, relative to the element.
    const boxes = (root, scope) => {
      const at = root.host.getBoundingClientRect();
      return [...scope.querySelectorAll("[data-product-id]")].slice(0, 12).map((e) => {
        const r = e.getBoundingClientRect();
        return [e.dataset.productId, Math.round(r.left - at.left), Math.round(r.top - at.top), Math.round(r.width), Math.round(r.height)];
      });
    };
    const view = root.querySelector("[data-ps-first-view]");
    if (!view) return null;
    return {
      ids: [...view.querySelectorAll("[data-product-id]")].map((e) => e.dataset.productId),
      boxes: boxes(root, view),
      prices: [...view.querySelectorAll(".ps-price-now")].map((e) => e.textContent),
      title: view.querySelector(".ps-title")?.textContent ?? null,
      inert: view.inert,
      height: root.host.getBoundingClientRect().height,
    };
  });
}

/// The schema.org JSON-LD blocks in `host`'s shadow root, parsed.
function jsonLd(page, host) {
  return inShadow(page, host, (root) => [...root.querySelectorAll("script[type='application/ld+json']")]
    .map((s) => JSON.parse(s.textContent)));
}

/// Watches the widget in `host` take over from its first view, and returns a reader
/// of how many of its tiles, titles, add-to-cart buttons and options the widget's
/// view had at that moment (it draws out of sight first, over several frames).
async function watchTakeOver(page, host) {
  await inShadow(page, host, (root) => {
    window.__takeOver = new Promise((done) => new MutationObserver((records, seen) => {
      for (const r of records) {
        if (r.oldValue?.includes("ps-taking-over") && !r.target.classList.contains("ps-taking-over")) {
          seen.disconnect();
          const count = (s) => r.target.querySelectorAll(s).length;
          done({
            tiles: count("[data-testid=ps-product-card]"),
            title: count("[data-testid=ps-product-title]"),
            add: count("[data-testid=ps-add-to-cart]"),
            options: count(".ps-option"),
          });
        }
      }
    }).observe(root, { attributes: true, attributeOldValue: true, subtree: true, attributeFilter: ["class"] }));
  });
  return () => page.evaluate(() => window.__takeOver);
}

test("a grid shows its first products before the widget loads, and the widget takes over in place with every tile drawn", async () => {
  const { page, release } = await openHeld("/blog.html");
  const host = "[data-pocket-shop][data-view=grid]";
  await page.locator(host).scrollIntoViewIfNeeded();
  await page.waitForFunction((h) => document.querySelector(h)?.shadowRoot?.querySelector("[data-ps-first-view] .ps-tile"), host);
  const before = await firstView(page, host);
  assert.equal(before.ids.length, 12, JSON.stringify(before));
  assert.ok(before.prices.every((p) => /¥\d/.test(p)), before.prices.join());
  assert.equal(before.inert, true, "only the widget answers input");
  assert.equal(await page.locator(`${host} [data-testid=ps-product-card]`).count(), 0, "the widget is not there yet");
  // Marked by the loader (this page's product card may have marked it first).
  assert.ok(await page.evaluate(() => performance.getEntriesByName("pocketshop:first-product").length) >= 1);
  assert.equal(await page.evaluate(() => performance.getEntriesByName("pocketshop:interactive").length), 0);
  await shot(page, "first-view-grid");

  const shifted = await page.evaluate(() => window.__shifts);
  // The widget draws its tiles four to a frame, out of sight: what it shows the
  // shopper when it takes over is every tile of the page.
  const takenOver = await watchTakeOver(page, host);
  release();
  const tiles = page.locator(`${host} [data-testid=ps-product-card]`);
  await tiles.first().waitFor();
  // The swap is one frame's work; a full run once saw the first tile a moment
  // before the first view had gone, so the test gives that frame 2 s.
  await page.waitForFunction((h) => !document.querySelector(h).shadowRoot.querySelector("[data-ps-first-view]"), host, { timeout: 2_000 })
    .catch(() => assert.fail("the first view is gone"));
  const live = await inShadow(page, host, (root) => {
    const at = root.host.getBoundingClientRect();
    return [...root.querySelectorAll("[data-testid=ps-product-card]")].slice(0, 12).map((e) => {
      const r = e.getBoundingClientRect();
      return [e.dataset.productId, Math.round(r.left - at.left), Math.round(r.top - at.top), Math.round(r.width), Math.round(r.height)];
    });
  });
  assert.deepEqual(live, before.boxes, "the widget shows the same products in the same places");
  assert.equal((await takenOver()).tiles, 12, "the widget shows the whole page of tiles at once");
  // Nothing moved, not even out of sight: the layout shifts of the layer drawn
  // beneath the first view count against the host page too.
  assert.equal(await page.evaluate(() => window.__shifts), shifted, "drawing the tiles and the swap moved nothing");
  assert.equal(await page.evaluate(() => performance.getEntriesByName("pocketshop:interactive").length), 1);
  // The products stay described to search engines, which read the page after the
  // widget has taken over: the first view's list, in the grid's order.
  const [list, ...more] = await jsonLd(page, host);
  assert.equal(more.length, 0);
  assert.equal(list["@type"], "ItemList");
  assert.deepEqual(list.itemListElement.map((e) => e.item.productID), before.ids);
  assert.ok(list.itemListElement.every((e) => e.item.offers.lowPrice && e.item.name), JSON.stringify(list.itemListElement[0]));
  // And it sells: a tile opens its product.
  await tiles.first().click();
  await page.locator("[data-testid=ps-product-title]").first().waitFor();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a product card shows its title and price before the widget loads, and the widget swaps in its whole card without moving anything", async () => {
  const { page, release } = await openHeld("/blog.html");
  const host = "pocket-shop[view=product]";
  await page.waitForFunction((h) => document.querySelector(h)?.shadowRoot?.querySelector("[data-ps-first-view] .ps-title"), host);
  const before = await firstView(page, host);
  assert.ok(before.title.length > 0);
  assert.ok(/¥\d/.test(before.prices[0]), before.prices.join());
  assert.equal(before.inert, true, "until the first-view layer comes, nothing answers");
  // Nor is anything shown that would not answer: the controls wait for the layer
  // (they are laid out in a later frame than the title and price).
  const shown = await inShadow(page, host, (root) => [".ps-title", ".ps-price-row", ".ps-axis", ".ps-qty", ".ps-add"]
    .map((s) => root.querySelector(`[data-ps-first-view] ${s}`)?.checkVisibility() ?? null));
  assert.deepEqual(shown, [true, true, false, false, false]);
  const shifted = await page.evaluate(() => window.__shifts);
  // The widget draws its card in two frames, out of sight: what it shows the
  // shopper when it takes over is the whole card, controls and all.
  const takenOver = await watchTakeOver(page, host);
  release();
  const title = page.locator(`${host} [data-testid=ps-product-title]`);
  await title.waitFor();
  assert.equal(await title.textContent(), before.title);
  assert.equal(await firstView(page, host), null);
  const shownFirst = await takenOver();
  assert.ok(shownFirst.title > 0 && shownFirst.add > 0 && shownFirst.options > 0, JSON.stringify(shownFirst));
  assert.equal(await page.evaluate(() => window.__shifts), shifted, "the swap moved nothing");
  const [product] = await jsonLd(page, host);
  assert.equal(product["@type"], "Product");
  assert.equal(product.name, before.title, "the card's product, described after the swap too");
  assert.match(product.offers.lowPrice, /^\d+\.\d{2}$/);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a first view draws its text in at most two sizes and weights, on a grid as on a product card", async () => {
  // The frame that lays a first view out finds a typeface for every size and weight
  // it meets for the first time; on a page of grids those lookups made most of the
  // frames over 50 ms. The widget's type scale (`style/widget.css`) keeps them few.
  const { page } = await openHeld("/blog.html");
  const grid = "[data-pocket-shop][data-view=grid]";
  const card = "pocket-shop[view=product]";
  await page.locator(grid).scrollIntoViewIfNeeded();
  for (const host of [grid, card]) {
    await page.waitForFunction((h) => document.querySelector(h)?.shadowRoot?.querySelector("[data-ps-first-view]"), host);
  }
  const faces = (host) => inShadow(page, host, (root) => {
    const seen = new Set();
    const note = (el) => {
      const s = getComputedStyle(el);
      seen.add(`${s.fontSize} ${s.fontWeight}${s.fontStyle === "normal" ? "" : ` ${s.fontStyle}`}`);
    };
    const view = root.querySelector("[data-ps-first-view]");
    const walker = document.createTreeWalker(view, NodeFilter.SHOW_TEXT);
    // Text that is laid out, seen or not: a screen reader's text is shaped too.
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      const el = t.parentElement;
      if (t.textContent.trim() && el.getClientRects().length && getComputedStyle(el).visibility !== "hidden") note(el);
    }
    for (const input of view.querySelectorAll("input[placeholder], input[value]")) if (input.getClientRects().length) note(input);
    return [...seen].sort();
  });
  const gridFaces = await faces(grid);
  assert.ok(gridFaces.length <= 2, `the grid's first view uses ${gridFaces.join(", ")}`);
  const cardFaces = await faces(card);
  assert.ok(cardFaces.length <= 2, `the card's first view uses ${cardFaces.join(", ")}`);
  // The loader's skeleton has the browser find those faces before a first view
  // arrives, with unseen text in each: a skeleton as the loader makes it, styled by
  // the widget's sheet, must name every face either view uses.
  const warmed = await inShadow(page, card, (root) => {
    const skeleton = document.createElement("div");
    skeleton.className = "ps-skeleton";
    skeleton.innerHTML = "<i></i>";
    root.append(skeleton);
    const face = (el, pseudo) => {
      const s = getComputedStyle(el, pseudo);
      return s.content === "none" ? null : `${s.fontSize} ${s.fontWeight}`;
    };
    const seen = [face(skeleton, "::before"), face(skeleton, "::after"), face(skeleton.firstChild, "::before")];
    skeleton.remove();
    return seen;
  });
  for (const f of new Set([...gridFaces, ...cardFaces])) {
    assert.ok(warmed.includes(f), `the skeleton's unseen text leaves out ${f} (it has ${warmed.join(", ")})`);
  }
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("a shop's own font reaches the skeleton a frame before its first view is drawn", async () => {
  // The theme comes with the first view. Found in the frame that lays the view out,
  // the shop's faces made that frame a long task; the loader sets the theme on the
  // skeleton, whose unseen text is in those faces, a frame before it puts the view in.
  const { page, releases } = await openHeld("/two-shops.html", "**/shops/lumen/first-view**", "**/*.wasm");
  const host = "pocket-shop[shop=lumen]";
  await page.waitForFunction((h) => document.querySelector(h)?.shadowRoot?.querySelector(".ps-skeleton"), host);
  // Each frame, before it is drawn: the skeleton's font, or that the view is in.
  await inShadow(page, host, (root) => {
    window.__frames = [];
    const look = () => {
      const skeleton = root.querySelector(".ps-skeleton");
      if (root.querySelector("[data-ps-first-view]")) window.__frames.push("view");
      else window.__frames.push(skeleton ? getComputedStyle(skeleton, "::before").fontFamily : "none");
      if (window.__frames.at(-1) !== "view") requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  releases[0]();
  await page.waitForFunction(() => window.__frames.at(-1) === "view");
  const frames = await page.evaluate(() => window.__frames);
  assert.ok(!/Georgia/.test(frames[0]), `before its view the skeleton has the page's font: ${frames[0]}`);
  assert.ok(/Georgia/.test(frames.at(-2)), `the frame before the view's has the skeleton in Lumen's font: ${frames.join(" | ")}`);
  releases[1]();
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("without its first view the widget loads as before", async () => {
  const page = await open(browser, "/blog.html", {
    prepare: (context) => context.route("**/first-view?*", (route) => route.fulfill({ status: 503, body: "" })),
  });
  const host = "[data-pocket-shop][data-view=grid]";
  await page.locator(host).scrollIntoViewIfNeeded();
  await page.locator(`${host} [data-testid=ps-product-card]`).first().waitFor();
  assert.equal(await firstView(page, host), null);
  await page.context().close();
});

test("a host page image that never finishes loading does not keep the widget from loading", async () => {
  // The host page adds a picture of its own that never arrives, so its load event
  // never comes.
  const page = await open(browser, "/blog.html", {
    init: () => document.addEventListener("DOMContentLoaded", () => {
      const img = document.createElement("img");
      img.src = "/never.png";
      img.alt = "";
      document.body.append(img);
    }),
  });
  // Routed only now: `open` waits for the page's load, which this picture stops.
  await page.context().route("**/never.png", () => new Promise(() => {}));
  await page.reload({ waitUntil: "domcontentloaded" });
  const started = Date.now();
  await page.waitForSelector("pocket-shop[view=product][data-ps-state=ready]", { timeout: 15_000 });
  assert.equal(await page.evaluate(() => document.readyState === "complete"), false);
  console.log(`figure: widget loaded ${Date.now() - started} ms after a reload whose page never finished loading`);
  await page.context().close();
});

test("a product card takes picks and an add to cart before the widget loads, announces the cart to the page in a storage event, and the widget carries on from them", async () => {
  // Only the widget's WASM is held: the first-view layer's comes at once.
  const { page, release } = await openHeld("/blog.html", "**/w/app-*.wasm");
  const host = "pocket-shop[view=product]";
  await page.evaluate((h) => {
    window.__added = [];
    document.querySelector(h).addEventListener("pocketshop:add_to_cart", (e) => window.__added.push(e.detail));
    // The page's widgets hear of a cart change through `storage` events, which a
    // browser sends only to other pages: the layer sends this page's itself.
    window.__storage = [];
    addEventListener("storage", (e) => window.__storage.push({ key: e.key, value: e.newValue, area: e.storageArea === localStorage }));
  }, host);
  const card = page.locator(`${host} [data-ps-first-view]:not([inert]) section.ps-product`);
  await card.waitFor();
  assert.equal(await page.evaluate(() => performance.getEntriesByName("pocketshop:interactive").length), 1);
  const add = card.locator(".ps-add");
  assert.equal(await add.isVisible(), true, "the woken card shows its controls");
  assert.equal(await add.isDisabled(), true, "nothing picked yet");
  assert.match(await card.locator(".ps-price-row").textContent(), /from|起/);
  // Each axis: its first option that can be bought.
  const picks = [];
  const axes = card.locator("fieldset.ps-axis");
  for (let i = 0; i < await axes.count(); i++) {
    const axis = axes.nth(i);
    if (await axis.locator(".ps-option[aria-pressed=true]").count()) continue;
    const option = axis.locator(".ps-option:not([disabled])").first();
    picks.push([await option.getAttribute("data-axis"), await option.getAttribute("data-value")]);
    await option.click();
    assert.equal(await option.getAttribute("aria-pressed"), "true");
  }
  assert.equal(await add.isDisabled(), false, "a complete pick can be added");
  assert.doesNotMatch(await card.locator(".ps-price-row").textContent(), /from|起/);
  assert.equal(await card.locator(".ps-hint").textContent(), "");
  await card.locator(".ps-qty-btn[data-step='1']").click();
  assert.equal(await card.locator(".ps-qty-input").inputValue(), "2");
  await add.click();
  await card.locator(".ps-added").waitFor();
  const stored = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.endsWith(":demo:cart"));
    return key && JSON.parse(localStorage.getItem(key));
  });
  assert.equal(stored?.lines?.length, 1, JSON.stringify(stored));
  assert.equal(stored.lines[0].product_id, "P10174");
  assert.equal(stored.lines[0].quantity, 2);
  const added = await page.evaluate(() => window.__added);
  assert.equal(added.length, 1);
  assert.equal(added[0].sku, stored.lines[0].sku);
  assert.equal(added[0].quantity, 2);
  assert.equal(added[0].shop, "demo");
  const heard = await page.evaluate(() => window.__storage);
  assert.equal(heard.length, 1, JSON.stringify(heard));
  assert.match(heard[0].key, /:demo:cart$/);
  assert.deepEqual(JSON.parse(heard[0].value), stored);
  assert.equal(heard[0].area, true, "the event names the page's local storage");
  // The widget arrives and takes the card over with the shopper's picks.
  release();
  const title = page.locator(`${host} [data-testid=ps-product-title]`);
  await title.waitFor();
  for (const [axis, value] of picks) {
    const option = page.locator(`${host} [data-testid=ps-option][data-axis="${axis}"][data-value="${value}"]`);
    assert.equal(await option.getAttribute("aria-pressed"), "true", `${axis} ${value}`);
  }
  assert.equal(await page.locator(`${host} [data-testid=ps-qty]`).inputValue(), "2");
  await page.locator(`${host} [data-testid=ps-added]`).waitFor();
  // The floating cart, which loaded with the widget, counts what the layer added.
  const count = page.locator("pocket-shop[view=cart] [data-testid=ps-cart-count]");
  await count.waitFor();
  assert.equal(await count.textContent(), "2");
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

/// Once the widget arrives, the product `id` (titled `name`) opens in the shop at
/// `host` (Lumen's, on the page of two shops), and nothing opens in the other one.
async function opensAlone(page, host, id, name) {
  const title = page.locator(`${host} [data-testid=ps-product-title]`);
  await title.waitFor();
  assert.equal((await title.textContent()).trim(), name);
  assert.match(page.url(), new RegExp(id));
  assert.equal(await page.locator("pocket-shop[shop=demo] [data-testid=ps-product-title]").count(), 0);
}

test("a tile tapped on a grid's first view before the widget loads opens its product once the widget arrives", async () => {
  // Only the widget's WASM is held: the first-view layer's comes at once.
  const { page, release } = await openHeld("/two-shops.html", "**/w/app-*.wasm");
  const host = "pocket-shop[shop=lumen]";
  const tile = page.locator(`${host} [data-ps-first-view] .ps-tile-btn`).nth(4);
  await tile.waitFor();
  const id = await tile.getAttribute("data-product-id");
  const name = (await tile.locator(".ps-tile-title").textContent()).trim();
  // The view is inert: the tap lands on the element around it, as a shopper's does.
  const box = await tile.boundingBox();
  // The layer comes just after the first paint: tap until the tile shows it was heard.
  for (let i = 0; i < 50 && await tile.getAttribute("aria-busy") !== "true"; i++) {
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 3);
    await page.waitForTimeout(100);
  }
  assert.equal(await tile.getAttribute("aria-busy"), "true", "the tapped tile shows it was heard");
  assert.equal(await page.locator(`${host} [data-ps-first-view] .ps-tile-btn[aria-busy=true]`).count(), 1);
  assert.equal(await page.locator(`${host} [data-ps-first-view]`).getAttribute("inert"), "", "the rest of the view still waits");
  assert.equal(await page.locator(`${host} [data-testid=ps-product-title]`).count(), 0);
  release();
  await opensAlone(page, host, id, name);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("the last tile tapped before the first-view layer has loaded opens its product, though the page scrolled meanwhile", async () => {
  // The layer's WASM and the widget's are each held until let go.
  const { page, releases: [releaseLayer, releaseWidget] } = await openHeld("/two-shops.html", "**/w/quick-*.wasm", "**/w/app-*.wasm");
  const host = "pocket-shop[shop=lumen]";
  const tiles = page.locator(`${host} [data-ps-first-view] .ps-tile-btn`);
  const tile = tiles.nth(4);
  await tile.waitFor();
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((r) => /\/w\/quick-[0-9a-f]+\.js$/.test(r.name)));
  const id = await tile.getAttribute("data-product-id");
  const name = (await tile.locator(".ps-tile-title").textContent()).trim();
  const box = await tile.boundingBox();
  const at = { x: box.x + box.width / 2, y: box.y + box.height / 3 };
  // The shopper first taps another tile, then changes their mind.
  const first = await tiles.nth(0).boundingBox();
  await page.mouse.click(first.x + first.width / 2, first.y + first.height / 3);
  await page.mouse.click(at.x, at.y);
  // The page scrolls by a row of tiles before the layer comes: where the tap fell in
  // the window is now another tile.
  const below = await tiles.evaluateAll((els, i) => {
    const r = els[i].getBoundingClientRect();
    return els.findIndex((e) => e.getBoundingClientRect().top > r.bottom && Math.abs(e.getBoundingClientRect().left - r.left) < 1);
  }, 4);
  assert.ok(below > 4, "the grid has a tile below the one tapped");
  const step = (await tiles.nth(below).boundingBox()).y - box.y;
  await page.evaluate((dy) => window.scrollBy(0, dy), step);
  const under = await tiles.evaluateAll((els, { x, y }) => els.find((e) => {
    const r = e.getBoundingClientRect();
    return r.left <= x && x < r.right && r.top <= y && y < r.bottom;
  })?.dataset.productId, at);
  assert.ok(under && under !== id, `another tile (${under}) is now where the tap fell`);
  const busy = () => tiles.evaluateAll((els) => els.filter((e) => e.getAttribute("aria-busy") === "true").length);
  assert.equal(await busy(), 0, "nothing noted before the layer");
  releaseLayer();
  await page.waitForFunction((h) => document.querySelector(h).shadowRoot.querySelector("[data-ps-first-view] .ps-tile-btn[aria-busy=true]"), host);
  assert.equal(await tile.getAttribute("aria-busy"), "true", "the tile tapped last, not the first nor the one now under that point");
  assert.equal(await busy(), 1);
  releaseWidget();
  await opensAlone(page, host, id, name);
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test("without storage the layer leaves the card to the widget", async () => {
  const page = await open(browser, "/blog.html", {
    // As in a sandboxed frame: reading localStorage throws.
    init: () => Object.defineProperty(window, "localStorage", {
      get() { throw new DOMException("The document is sandboxed", "SecurityError"); },
    }),
    prepare: (context) => context.route("**/w/app-*.wasm", () => {}),
  });
  const host = "pocket-shop[view=product]";
  await page.waitForFunction((h) => document.querySelector(h)?.shadowRoot?.querySelector("[data-ps-first-view] .ps-title"), host);
  // The layer has come and gone: its module was fetched, and the card is as drawn.
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((r) => /\/w\/quick-[0-9a-f]+\.wasm$/.test(r.name)));
  await page.waitForTimeout(300);
  assert.equal((await firstView(page, host)).inert, true);
  assert.equal(await page.evaluate(() => performance.getEntriesByName("pocketshop:interactive").length), 0);
  await page.context().close();
});
