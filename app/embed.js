// Pocketshop's loader: the one script a host page includes.
//
//   <script type="module" src="https://EDGE/embed.js"></script>
//   <pocket-shop shop="alice" view="grid"></pocket-shop>
//   <div data-pocket-shop="alice" data-view="product" data-product="P123"></div>
//
// A chain store's page adds `member-token` (`data-member-token`): the token its own
// member system signed, which the edge checks and records on the member's orders.
//
// It reserves each element's space at once (no layout shift) and gives it an open
// shadow root with the widget's CSS and a skeleton. When a grid or product element
// nears the viewport, it paints the first view the edge rendered for it (one small
// HTML answer, `GET /v1/shops/{shop}/first-view`) and at once loads the small
// first-view layer (`quick/`), which lets the shopper pick options and add a
// product card to the cart; then it loads the WASM widget when the page is idle or
// at once when the shopper touches the element; the widget takes the first view's
// place, picks and all, once it has drawn its own. Without a first view (other
// views, or the answer failed) the widget loads at once. Each module and its WASM
// are fetched once per page, whatever the number of widgets. `cargo xtask build`
// replaces the __PS_…__ names with the content-hashed asset paths.
const API = new URL(import.meta.url).origin;
// A module's path is relative to this one's; each glue names its own hashed WASM.
const GLUE = "./__PS_GLUE__";
const QUICK = "./__PS_QUICK__";
const CSS = new URL("__PS_CSS__", import.meta.url);
// Space each view holds before it renders; the floating cart takes none. The
// console's snippet holds the same from the host page's first paint
// (`console/src/snippet.rs`), since this script runs only after it.
const HEIGHT = { grid: 560, product: 420, shop: 680, cart: 0 };
const KEYS = ["shop", "view", "product", "lang", "category", "collection", "member-token"];
const seen = new WeakSet();
let module, quick;
// The marks a page gets once, however many widgets it has (the widget's own
// `pocketshop:first-product` defers to one already made here).
const marked = new Set();
// The WASM waits until the page has loaded and is idle, unless the shopper acts
// first: first views and the host page come before it. A host page still loading
// a slow image after 3 s does not hold it back any longer.
const idle = new Promise((done) => {
  const wait = () => (window.requestIdleCallback || setTimeout)(done, { timeout: 1000 });
  // A page loads once: the listener needs no removing.
  document.readyState === "complete" ? wait() : addEventListener("load", wait);
  setTimeout(done, 3000);
});
// First views being fetched or painted: the WASM waits for them too.
const paints = [];
const later = (f) => idle.then(() => Promise.all(paints)).then(f);

function options(el) {
  const o = { api: API };
  for (const k of KEYS) {
    const v = el.localName === "pocket-shop"
      ? el.getAttribute(k)
      : el.getAttribute(k === "shop" ? "data-pocket-shop" : `data-${k}`) ?? (k === "lang" ? el.getAttribute("lang") : null);
    o[k.replace("-", "_")] = v || null;
  }
  // Until the shop's profile says its language, the widget speaks the page's.
  o.page_lang = document.documentElement.lang || navigator.language || null;
  return o;
}

// A wasm-bindgen module, its WASM instantiated.
const load = (glue) => import(glue).then(async (m) => (await m.default(), m));

// Resolves once the next frame has laid the page out and painted it (from the
// frame's callback alone, it would come before that work).
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r)));

// Adds CSS to a shadow root as a constructed sheet, which needs no 'unsafe-inline'
// in the host page's CSP. Throws where a browser cannot construct one.
function adopt(shadow, css) {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
}

function mark(name) {
  if (!marked.has(name)) {
    marked.add(name);
    performance.mark(name);
  }
}

// Paints the edge's first view of a grid or product element once the widget's CSS
// is in, then loads the widget when the page is idle; anything else loads it now.
function paint(el, root, opts, styled) {
  mark("pocketshop:visible");
  const view = opts.view || "grid";
  if (el.dataset.psState || !(view === "grid" || view === "product")) return start(el, root, opts);
  const q = new URLSearchParams({ view });
  for (const k of ["product", "category", "collection", "lang"]) if (opts[k]) q.set(k, opts[k]);
  // A first view slower than 3 s is dropped for the widget itself.
  paints.push(fetch(`${API}/v1/shops/${encodeURIComponent(opts.shop || "")}/first-view?${q}`, { signal: AbortSignal.timeout?.(3000) })
    .then((r) => (r.ok ? r.text() : Promise.reject(r.status)))
    .then(async (html) => {
      await styled;
      if (el.dataset.psState) return;
      const fragment = document.createRange().createContextualFragment(html);
      // The shop's colours and font first, as the widget will set them (without
      // constructed sheets the view keeps the default look until the widget loads).
      // The skeleton's unseen text takes the shop's font, so the browser finds its
      // faces in a frame of their own and the next frame only lays the view out: a
      // theme's font found in the frame that draws the view makes it a long task.
      try {
        adopt(root.getRootNode(), fragment.firstElementChild.dataset.psTheme);
      } catch {}
      await frame();
      if (el.dataset.psState) return;
      root.replaceChildren(fragment);
      await frame();
      mark("pocketshop:first-product");
      // The layer comes first, so the widget's bytes do not hold it up (the widget
      // waits for it like any first view); without it the widget still comes.
      await (quick ??= load(QUICK)).then((m) => m.attach(root, el, opts), () => {});
      later(() => start(el, root, opts));
    })
    .catch(() => start(el, root, opts)));
}

function start(el, root, opts) {
  if (el.dataset.psState) return;
  mark("pocketshop:visible");
  el.dataset.psState = "loading";
  // Each widget mounts in a task of its own: one long task for every widget on the
  // page would hold the host page's input up for all of them.
  (module ??= load(GLUE)).then(
    (m) => new Promise((r) => setTimeout(r)).then(() => {
      m.mount(root, el, opts);
      el.dataset.psState = "ready";
    }),
    (e) => {
      module = undefined;
      el.dataset.psState = "error";
      console.warn("Pocketshop could not load", e);
      const zh = /^zh/i.test(opts.lang || opts.page_lang);
      root.innerHTML = `<p class="ps-load-error" data-testid="ps-load-error">${
        zh ? "商店加载失败，请检查网络。" : "The shop could not load. Check your connection."
      } <button type="button" data-testid="ps-load-retry">${zh ? "重试" : "Try again"}</button></p>`;
      root.querySelector("button").onclick = () => {
        delete el.dataset.psState;
        start(el, root, opts);
      };
    },
  );
}

// Every browser that runs this module has IntersectionObserver: it came before `?.`
// and `??`, which the module is written with.
const near = new IntersectionObserver((entries) => {
  for (const e of entries) {
    if (e.isIntersecting) {
      near.unobserve(e.target);
      e.target.psNear();
    }
  }
}, { rootMargin: "300px" });

function upgrade(el) {
  if (seen.has(el)) return;
  seen.add(el);
  const opts = options(el);
  const view = opts.view || "grid";
  const shadow = el.shadowRoot || el.attachShadow({ mode: "open" });
  // A product card stacks its gallery above its details on narrow screens.
  const css = `:host{display:block!important;min-height:${HEIGHT[view] ?? 420}px}` +
    (view === "product" ? "@media (max-width:600px){:host{min-height:calc(100vw + 330px)}}" : "");
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = CSS;
  const styled = new Promise((done) => {
    link.onload = link.onerror = done;
  });
  const root = document.createElement("div");
  root.className = "ps-root";
  root.dataset.testid = "ps-root";
  if (view !== "cart") {
    root.innerHTML = `<div class="ps-skeleton" data-testid="ps-skeleton" aria-busy="true">${
      "<i></i>".repeat(view === "product" ? 1 : 4)
    }</div>`;
  }
  // `<style>` only where a browser cannot construct a sheet.
  let style = "";
  try {
    adopt(shadow, css);
  } catch {
    style = document.createElement("style");
    style.textContent = css;
  }
  if (style) shadow.append(style);
  shadow.append(link, root);
  // The shopper's first touch, click or key starts the widget at once (after it,
  // `start` does nothing). The last click is kept on the element: a click on a
  // grid's first view before the first-view layer has loaded opens the tile under it
  // once the layer has (`quick/src/taps.rs`). Only a click: a touch that scrolls
  // the page is a pointerdown alone.
  const go = (e) => {
    if (e.type === "click") el.psTap = e;
    start(el, root, opts);
  };
  // Pointer events cover touch in every browser that runs this module.
  for (const t of ["pointerdown", "click", "focusin", "keydown"]) {
    el.addEventListener(t, go, { passive: true });
  }
  // Called once, by the observer, which then stops watching the element.
  el.psNear = () => paint(el, root, opts, styled);
  // The floating cart has no place in the flow to come near: it loads when the
  // page is idle.
  if (view === "cart") later(() => start(el, root, opts));
  else near.observe(el);
}

function scan(node) {
  if (node.nodeType !== 1) return;
  if (node.matches("pocket-shop, [data-pocket-shop]")) upgrade(node);
  node.querySelectorAll("pocket-shop, [data-pocket-shop]").forEach(upgrade);
}

if (!customElements.get("pocket-shop")) {
  customElements.define("pocket-shop", class extends HTMLElement {
    connectedCallback() {
      upgrade(this);
    }
  });
}
scan(document.documentElement);
new MutationObserver((records) => {
  for (const r of records) r.addedNodes.forEach(scan);
}).observe(document.documentElement, { childList: true, subtree: true });
