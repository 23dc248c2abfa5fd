// What the widget costs a host page on its first view, measured in Debian's Chromium
// (playwright-core) on loopback: cold loads of a demo host page, each in a fresh
// browser context (empty HTTP cache and storage). Run by `cargo xtask bench` (and,
// with few runs, by the size budget test); prints one JSON object on stdout.
//
//   node tests/bench/first_view.mjs   (env: POCKETSHOP_DEMO_URL, POCKETSHOP_EDGE_URL,
//                                       POCKETSHOP_CHROMIUM, BENCH_PAGE, BENCH_RUNS)
//
// Figures, per load:
// - first_product_ms: from the loader's `pocketshop:visible` mark (the element nears
//   the viewport) to the widget's `pocketshop:first-product` mark (the first product's
//   title, price and picture frame painted: made in a task after the frame that laid
//   them out; the photo comes from the supplier's host when it comes);
// - bytes: every response from the edge's origin that finished before a mark, except
//   images (photos are the shop's, not the widget's), compressed as a CDN sends them
//   (gzip -9 and brotli 11 of the body; headers left out). `first_paint` counts up to
//   `pocketshop:first-product`, `interactive` up to `pocketshop:interactive` (the
//   widget answers input), or the first product when the page has no such mark;
// - the widget's longest main-thread task (Long Tasks API: only tasks over 50 ms are
//   reported, so 0 means none over 50 ms): the longest of the tasks that end after
//   the loader began (it defines `pocket-shop`), up to 1 s after the widget has drawn
//   wherever it started (the load fails if it does not). A task over before then is
//   the host page's own: a page's first layout of its own text can be one (the blog
//   page's is, at 4× CPU, without the loader). How many of the loads had such a task
//   over 50 ms (`long_task_loads`); the cumulative layout shift, from load on;
// - with the throttled loads, the longest task of the same page without the widget,
//   at both speeds (`host_longest_task_ms`, `host_longest_task_ms_cpu4x`, every task
//   from load to 1.5 s after): what the host page costs by itself.
// Loads run again with the CPU throttled 4× through the DevTools protocol. With them,
// a page of grids in view (`BENCH_GRID_PAGE`, two shops' grids side by side) is loaded
// as often, unthrottled: its `grid_` figures are the same as the first page's, for a
// first view of 24 tiles rather than one product card.
import { chromium } from "playwright-core";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const DEMO = process.env.POCKETSHOP_DEMO_URL ?? "http://127.0.0.1:8790";
const EDGE = process.env.POCKETSHOP_EDGE_URL ?? "http://127.0.0.1:8787";
const PAGE = process.env.BENCH_PAGE ?? "/blog.html";
const RUNS = Number(process.env.BENCH_RUNS ?? "20");
const THROTTLED = process.env.BENCH_THROTTLED !== "0";
const GRID_PAGE = process.env.BENCH_GRID_PAGE ?? "/two-shops.html";

const observe = () => {
  window.__bench = { tasks: [], cls: 0, loader: null };
  // When the loader begins: the first thing it does on a page is define its element.
  const define = CustomElementRegistry.prototype.define;
  CustomElementRegistry.prototype.define = function (name, ...rest) {
    if (name === "pocket-shop" && window.__bench.loader === null) window.__bench.loader = performance.now();
    return define.call(this, name, ...rest);
  };
  // The longest task that ends after the loader began (all of them on a page without it).
  window.__bench.longest = () => Math.max(0, ...window.__bench.tasks
    .filter(([start, length]) => window.__bench.loader === null || start + length > window.__bench.loader)
    .map(([, length]) => length));
  // This script says on the console when the widget is done: anything the bench ran
  // in the page while it loads (Playwright's waiting compiles a helper of its own
  // there) would be a task of the page's main thread, counted as the widget's, of
  // 35–80 ms at 4× CPU. It is compiled with the page, before the loader begins.
  const say = (what) => console.debug(`pocketshop-bench:${what}`);
  const els = () => [...document.querySelectorAll("pocket-shop, [data-pocket-shop]")];
  // Drawn: some widget mounted, and every widget that began is mounted and has taken
  // its first view's place (a widget that failed to mount once looked like a quiet
  // page; the loader marks it ready as soon as it asks it to mount). An element never
  // near the viewport starts nothing.
  const drawn = () => {
    const all = els();
    return all.some((el) => el.dataset.psState === "ready")
      && all.every((el) => !el.shadowRoot?.querySelector("[data-ps-first-view]")
        && (el.dataset.psState === "ready" || !el.dataset.psState));
  };
  // The first product is a mark; whether all have drawn is polled only after it, so
  // a page without the widget (the host page measured alone) runs nothing.
  try {
    const marks = new PerformanceObserver((list) => {
      if (!list.getEntries().some((m) => m.name === "pocketshop:first-product")) return;
      marks.disconnect();
      say("first-product");
      const poll = setInterval(() => {
        if (drawn()) {
          clearInterval(poll);
          say("drawn");
        }
      }, 20);
    });
    marks.observe({ type: "mark", buffered: true });
  } catch {
    // Without the observer the bench's waits time out and say what the page showed.
  }
  // What the widgets showed and their states, when the bench gives up on them.
  window.__bench.showing = () => els().map((el) => `${el.dataset.psState ?? "none"}: ${(el.shadowRoot?.textContent ?? "").slice(0, 300)}`).join(" | ");
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bench.tasks.push([e.startTime, e.duration]);
    }).observe({ type: "longtask", buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (!e.hadRecentInput) window.__bench.cls += e.value;
    }).observe({ type: "layout-shift", buffered: true });
  } catch {
    // An observer this browser lacks leaves its figure at 0.
  }
};

function sizes(bodies) {
  let gzip = 0, brotli = 0, raw = 0;
  for (const body of bodies) {
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
    brotli += brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return { raw, gzip, brotli };
}

// A cold page: a fresh context (empty cache and storage) observing its tasks and
// shifts; `setup` may route the context's requests first.
async function coldPage(browser, setup = async () => {}) {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  await context.addInitScript(observe);
  await setup(context);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  return { context, page, cdp };
}

async function load(browser, rate, path = PAGE) {
  const { context, page, cdp } = await coldPage(browser);
  if (rate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  // Response bodies by URL, read as each finishes (the edge's origin only).
  const urls = new Map();
  const bodies = new Map();
  const pending = [];
  cdp.on("Network.responseReceived", (e) => {
    if (e.response.url.startsWith(EDGE)) urls.set(e.requestId, { url: e.response.url, type: e.type });
  });
  cdp.on("Network.loadingFinished", (e) => {
    const r = urls.get(e.requestId);
    if (!r || r.type === "Image") return;
    pending.push(cdp.send("Network.getResponseBody", { requestId: e.requestId })
      .then((b) => bodies.set(r.url, Buffer.from(b.body, b.base64Encoded ? "base64" : "utf8")))
      .catch(() => {}));
  });
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  // The marks say when the widget is done; the page's own load (its images) is
  // not waited for.
  const said = (what) => page.waitForEvent("console", { predicate: (m) => m.text() === `pocketshop-bench:${what}`, timeout: 60_000 });
  const first = said("first-product");
  const drawn = said("drawn");
  // Each wait is handled where it is awaited; one that fails before then is not
  // an unhandled rejection.
  first.catch(() => {});
  drawn.catch(() => {});
  await page.goto(`${DEMO}${path}`, { waitUntil: "domcontentloaded" });
  const showing = () => page.evaluate(() => window.__bench.showing()).catch(() => "");
  try {
    await first;
  } catch (e) {
    throw new Error(`no first product on ${path} within 60 s; widgets showed: ${await showing()}; ${problems.join("; ")}`, { cause: e });
  }
  try {
    await drawn;
  } catch (e) {
    throw new Error(`the widgets on ${path} did not all draw within 60 s (${await showing()}); ${problems.join("; ")}`, { cause: e });
  }
  await page.waitForTimeout(1000);
  await Promise.all(pending);
  const seen = await page.evaluate(() => {
    const at = (n) => performance.getEntriesByName(n)[0]?.startTime ?? null;
    return {
      visible: at("pocketshop:visible"),
      first: at("pocketshop:first-product"),
      interactive: at("pocketshop:interactive"),
      resources: performance.getEntriesByType("resource").map((r) => [r.name, r.responseEnd]),
      longest: window.__bench.longest(),
      cls: window.__bench.cls,
    };
  });
  await context.close();
  const interactiveAt = seen.interactive ?? seen.first;
  const before = (t) => seen.resources.filter(([name, end]) => end <= t && bodies.has(name)).map(([name]) => bodies.get(name));
  return {
    first_product_ms: seen.first - seen.visible,
    first_paint: sizes(before(seen.first)),
    interactive: sizes(before(interactiveAt)),
    longest_task_ms: seen.longest,
    cls: seen.cls,
  };
}

// The host page alone, its loader answered with an empty module: the longest task a
// page has without the widget, at `rate`.
async function hostLoad(browser, rate) {
  const { context, page, cdp } = await coldPage(browser, (c) =>
    c.route(/\/embed\.js(\?|$)/, (route) => route.fulfill({ status: 200, contentType: "text/javascript", body: "" })));
  if (rate > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  await page.goto(`${DEMO}${PAGE}`, { waitUntil: "load" });
  await page.waitForTimeout(1500);
  const longest = await page.evaluate(() => window.__bench.longest());
  await context.close();
  return longest;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (x) => Math.round(x * 10) / 10;

async function series(browser, rate, path = PAGE) {
  const loads = [];
  for (let i = 0; i < RUNS; i++) loads.push(await load(browser, rate, path));
  const ms = loads.map((l) => l.first_product_ms);
  return {
    loads,
    first_product_ms: { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), runs: ms.length },
    longest_task_ms: round(Math.max(...loads.map((l) => l.longest_task_ms))),
    // The longest task is one load's worst: how many loads had a task over 50 ms
    // says whether that was most loads or one.
    long_task_loads: loads.filter((l) => l.longest_task_ms > 50).length,
    cls: Math.round(Math.max(...loads.map((l) => l.cls)) * 10000) / 10000,
  };
}

const browser = await chromium.launch({
  executablePath: process.env.POCKETSHOP_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
try {
  // One load first, not counted: it starts the browser's own processes.
  await load(browser, 1);
  const normal = await series(browser, 1);
  const slow = THROTTLED ? await series(browser, 4) : null;
  const host = [], hostSlow = [];
  if (THROTTLED) {
    for (let i = 0; i < RUNS; i++) {
      host.push(await hostLoad(browser, 1));
      hostSlow.push(await hostLoad(browser, 4));
    }
  }
  const grid = THROTTLED && GRID_PAGE ? await series(browser, 1, GRID_PAGE) : null;
  // The bytes are the same on every load: report the largest seen.
  const most = (k, f) => Math.max(...normal.loads.map((l) => l[k][f]));
  console.log(JSON.stringify({
    page: PAGE,
    first_paint_bytes: most("first_paint", "gzip"),
    first_paint_brotli: most("first_paint", "brotli"),
    interactive_gzip: most("interactive", "gzip"),
    interactive_brotli: most("interactive", "brotli"),
    interactive_raw: most("interactive", "raw"),
    first_product_ms: normal.first_product_ms,
    first_product_ms_cpu4x: slow?.first_product_ms ?? null,
    longest_task_ms: normal.longest_task_ms,
    longest_task_ms_cpu4x: slow?.longest_task_ms ?? null,
    long_task_loads: normal.long_task_loads,
    long_task_loads_cpu4x: slow?.long_task_loads ?? null,
    host_longest_task_ms: host.length ? round(Math.max(...host)) : null,
    host_longest_task_ms_cpu4x: hostSlow.length ? round(Math.max(...hostSlow)) : null,
    cls: Math.max(normal.cls, slow?.cls ?? 0),
    grid_page: grid ? GRID_PAGE : null,
    grid_first_product_ms: grid?.first_product_ms ?? null,
    grid_longest_task_ms: grid?.longest_task_ms ?? null,
    grid_long_task_loads: grid?.long_task_loads ?? null,
    grid_cls: grid?.cls ?? null,
  }));
} finally {
  await browser.close();
}
