// Pocketshop's loader: the one script a host page includes.
//
//   <script type="module" src="https://EDGE/embed.js"></script>
//   <pocket-shop shop="alice" view="grid"></pocket-shop>
//   <div data-pocket-shop="alice" data-view="product" data-product="P123"></div>
//
// A chain store's page adds `member-token` (`data-member-token`): the token its own
// member system signed, which the edge checks and records on the member's orders.
//
// It reserves each element's space at once (no layout shift), gives it an open
// shadow root with the widget's CSS and a skeleton, and loads the WASM widget only
// when an element nears the viewport or is touched. The module and the WASM are
// fetched once per page, whatever the number of widgets. `cargo xtask build`
// replaces the __PS_…__ names with the content-hashed asset paths.
const BASE = new URL(".", import.meta.url);
const API = new URL(import.meta.url).origin;
const GLUE = new URL("__PS_GLUE__", BASE).href;
const WASM = new URL("__PS_WASM__", BASE).href;
const CSS = new URL("__PS_CSS__", BASE).href;
// Space each view holds before it renders; the floating cart takes none.
const HEIGHT = { grid: 560, product: 420, shop: 680, cart: 0 };
const KEYS = ["shop", "view", "product", "lang", "category", "collection", "member-token"];
const seen = new WeakSet();
let module;
let visibleMarked = false;

function options(el) {
  const o = { api: API };
  for (const k of KEYS) {
    const data = k.replace(/-(.)/g, (_, c) => c.toUpperCase());
    const v = el.localName === "pocket-shop"
      ? el.getAttribute(k)
      : k === "shop" ? el.dataset.pocketShop : el.dataset[data] ?? (k === "lang" ? el.getAttribute("lang") : null);
    o[k.replace("-", "_")] = v || null;
  }
  // Until the shop's profile says its language, the widget speaks the page's.
  o.page_lang = document.documentElement.lang || navigator.language || null;
  return o;
}

function loadModule() {
  module ??= import(GLUE).then(async (m) => {
    await m.default({ module_or_path: WASM });
    return m;
  });
  return module;
}

function start(el, root, opts) {
  if (el.dataset.psState) return;
  if (!visibleMarked) {
    visibleMarked = true;
    performance.mark("pocketshop:visible");
  }
  el.dataset.psState = "loading";
  loadModule().then(
    (m) => {
      m.mount(root, el, opts);
      el.dataset.psState = "ready";
    },
    (e) => {
      module = undefined;
      el.dataset.psState = "error";
      console.warn("Pocketshop could not load", e);
      root.textContent = "";
      const p = document.createElement("p");
      p.className = "ps-load-error";
      p.dataset.testid = "ps-load-error";
      const zh = /^zh/i.test(opts.lang || opts.page_lang);
      p.textContent = zh ? "商店加载失败，请检查网络。" : "The shop could not load. Check your connection.";
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.testid = "ps-load-retry";
      b.textContent = zh ? "重试" : "Try again";
      b.onclick = () => {
        delete el.dataset.psState;
        start(el, root, opts);
      };
      p.append(" ", b);
      root.append(p);
    },
  );
}

const near = "IntersectionObserver" in window
  ? new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting) {
        near.unobserve(e.target);
        e.target.dispatchEvent(new Event("pocketshop:near"));
      }
    }
  }, { rootMargin: "300px" })
  : null;

function upgrade(el) {
  if (seen.has(el)) return;
  seen.add(el);
  const opts = options(el);
  const view = opts.view || "grid";
  const shadow = el.shadowRoot || el.attachShadow({ mode: "open" });
  // A product card stacks its gallery above its details on narrow screens.
  const css = `:host{display:block!important;min-height:${HEIGHT[view] ?? 420}px}.ps-root{direction:ltr}` +
    (view === "product" ? "@media (max-width:600px){:host{min-height:calc(100vw + 330px)}}" : "") +
    ".ps-skeleton{display:grid;gap:12px;grid-template-columns:repeat(auto-fill,minmax(140px,1fr))}" +
    ".ps-skeleton i{display:block;aspect-ratio:1;border-radius:10px;background:#eef0f3}";
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = CSS;
  const root = document.createElement("div");
  root.className = "ps-root";
  root.dataset.testid = "ps-root";
  if (view !== "cart") {
    const sk = document.createElement("div");
    sk.className = "ps-skeleton";
    sk.dataset.testid = "ps-skeleton";
    sk.setAttribute("aria-busy", "true");
    for (let i = view === "product" ? 1 : 4; i > 0; i--) sk.append(document.createElement("i"));
    root.append(sk);
  }
  // A constructed sheet needs no 'unsafe-inline' in the host page's CSP; `<style>`
  // only where a browser cannot construct one.
  let style = "";
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet];
  } catch {
    style = document.createElement("style");
    style.textContent = css;
  }
  if (style) shadow.append(style);
  shadow.append(link, root);
  const go = () => start(el, root, opts);
  for (const t of ["pointerdown", "focusin", "touchstart", "keydown"]) {
    el.addEventListener(t, go, { once: true, passive: true });
  }
  el.addEventListener("pocketshop:near", go, { once: true });
  // The floating cart has no place in the flow to come near: it loads with the page.
  if (view === "cart" || !near) go();
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
