// The edge Worker's entry module (`edge/entry.mjs`) in workerd, around a stand-in
// for worker-build's output that keeps its contract: a default class whose
// prototype's `fetch` reads `env` and `ctx` from `this`, the shared
// `globalThis.__worker_init_state`, and a reset of a trapped instance when that
// class is constructed while `criticalError` is set.
//
//   node --test tests/worker/entry.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Miniflare } from "miniflare";

const entry = readFileSync(new URL("../../edge/entry.mjs", import.meta.url), "utf8");

const built = `
const state = (globalThis.__worker_init_state = { criticalError: false, instanceId: 0 });
let constructed = 0;
let resets = 0;
export default class Entrypoint {
  constructor(ctx, env) {
    constructed += 1;
    if (!ctx || typeof ctx.waitUntil !== "function" || !env) throw new TypeError("no ctx or env");
    if (state.criticalError) {
      resets += 1;
      state.criticalError = false;
    }
  }
}
Entrypoint.prototype.fetch = function (request) {
  const path = new URL(request.url).pathname;
  if (path === "/trap") throw new WebAssembly.RuntimeError("unreachable");
  if (path === "/trap-later") return Promise.reject(new WebAssembly.RuntimeError("unreachable"));
  if (path === "/fail") throw new TypeError("an ordinary error");
  if (path === "/later") return Promise.resolve(new Response("later"));
  const seen = { constructed, resets, flagged: state.criticalError, env: this.env.NAME, ctx: typeof this.ctx.waitUntil };
  return Response.json(seen);
};
export class OrderTimer {}
`;

let mf;
before(async () => {
  mf = new Miniflare({
    modules: [
      { type: "ESModule", path: "/w/entry.mjs", contents: entry },
      { type: "ESModule", path: "/w/build/index.js", contents: built },
    ],
    modulesRoot: "/w",
    bindings: { NAME: "edge" },
    compatibilityDate: "2026-04-01",
  });
  await mf.ready;
});
after(() => mf?.dispose());

async function seen() {
  const r = await mf.dispatchFetch("http://edge.test/");
  assert.equal(r.status, 200);
  return r.json();
}

test("a request reaches the build's handler with the runtime's env and ctx, constructing nothing", async () => {
  assert.deepEqual(await seen(), { constructed: 0, resets: 0, flagged: false, env: "edge", ctx: "function" });
  const later = await mf.dispatchFetch("http://edge.test/later");
  assert.equal(await later.text(), "later");
});

test("a trap answers 500 and the next request first resets the instance, once", async () => {
  const before = await seen();
  const r = await mf.dispatchFetch("http://edge.test/trap");
  assert.equal(r.status, 500);
  await r.arrayBuffer();
  const next = await seen();
  assert.equal(next.resets, before.resets + 1);
  assert.equal(next.flagged, false);
  assert.equal((await seen()).resets, next.resets);
});

test("a trap in an answer that was awaited is flagged the same", async () => {
  const before = await seen();
  const r = await mf.dispatchFetch("http://edge.test/trap-later");
  assert.equal(r.status, 500);
  await r.arrayBuffer();
  assert.equal((await seen()).resets, before.resets + 1);
});

test("an ordinary error is not taken for a trap", async () => {
  const before = await seen();
  const r = await mf.dispatchFetch("http://edge.test/fail");
  assert.equal(r.status, 500);
  await r.arrayBuffer();
  assert.equal((await seen()).resets, before.resets);
});
