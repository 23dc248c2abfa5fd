// Serves Workers straight from workerd, each on its own loopback port, without
// `wrangler dev` and its proxy in front (which throttles a load run). Started by
// xtask (`xtask/src/workerd.rs`); not meant to be run by hand, though it can be:
//
//   node tests/load/serve.mjs <plan.json>
//
// The plan (JSON, paths relative to the repository root):
//   { "ready": "<file>",        // written once every Worker listens: {"<name>": port}
//     "workers": [
//       { "name": "edge", "config": "wrangler.toml", "port": 8787,
//         "persist": "<dir>",   // its state, laid out as `wrangler --persist-to <dir>`
//         "vars": { "SUPPLY_URL": "http://127.0.0.1:8788" },
//         "assets": true },     // serve its config's static assets in front of it
//       // a bare module Worker with no wrangler.toml (e.g. a baseline for a bench),
//       // here in the edge's workerd rather than one of its own:
//       { "name": "trivial", "script": "path/to/worker.mjs", "port": 8789,
//         "instance": "edge" } ] }
//
// Each Worker gets a workerd of its own (as in production, where the edge and the
// supplier do not share a machine, let alone a thread) unless it names another's
// `instance`; Workers sharing one share its first Worker's `persist`.
//
// A Worker with a `config` gets exactly the bindings wrangler would give it (D1, KV,
// Durable Objects, rate limits, vars and the secrets of the `.dev.vars` beside its
// config), read by wrangler's own `unstable_getMiniflareWorkerOptions`, so a binding
// added to wrangler.toml needs no change here. `vars` override (as `--var` would).
// Static assets are left out unless `assets` is set: a load run reaches the Worker
// directly, as an API request is in production, not through the assets router; the
// tests set it, since they load the widget from the edge's origin.
//
// Invariants: every workerd is a child of this process (through miniflare) and uses
// wrangler's persistence layout, so `wrangler d1 execute --local --persist-to <dir>`
// reads and writes the very databases served; the workerd never outlives this
// process: SIGTERM, SIGINT, SIGHUP and the end of stdin (xtask, its parent, holds the
// other end, so its death closes it) all dispose of miniflare, which stops workerd.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Log, LogLevel, Miniflare } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const planPath = process.argv[2];
if (!planPath) {
  console.error("usage: node tests/load/serve.mjs <plan.json>");
  process.exit(2);
}
const plan = JSON.parse(readFileSync(planPath, "utf8"));
const at = (p) => path.resolve(root, p);

function workerOptions(spec) {
  const socket = { host: "127.0.0.1", port: spec.port };
  if (spec.script) {
    return {
      name: spec.name,
      modules: true,
      scriptPath: at(spec.script),
      compatibilityDate: spec.compatibilityDate ?? "2026-04-01",
      bindings: spec.vars ?? {},
      unsafeDirectSockets: [socket],
    };
  }
  const configPath = at(spec.config);
  const { workerOptions: options, main } = unstable_getMiniflareWorkerOptions(configPath);
  if (!main) {
    throw new Error(`${spec.config} names no main module`);
  }
  // Without `assets` the Worker answers itself: the assets router would add a hop.
  if (!spec.assets) delete options.assets;
  const configDir = path.dirname(configPath);
  return {
    ...options,
    name: spec.name,
    modules: true,
    // worker-build emits ES modules named `.js` (wrangler bundles them with esbuild,
    // which does not care; miniflare reads `.js` as CommonJS unless told).
    modulesRules: [{ type: "ESModule", include: ["**/*.js", "**/*.mjs"] }, ...(options.modulesRules ?? [])],
    // worker-build's shim imports `../index.js`: the modules' root is the config's
    // directory, above every module.
    modulesRoot: configDir,
    scriptPath: path.resolve(configDir, main),
    bindings: { ...(options.bindings ?? {}), ...(spec.vars ?? {}) },
    unsafeDirectSockets: [socket],
  };
}

// Workers sharing an `instance` share one workerd; by default each has its own, as
// in production, so one Worker's work does not take another's thread.
const instances = new Map();
for (const spec of plan.workers) {
  const key = spec.instance ?? spec.name;
  if (!instances.has(key)) instances.set(key, []);
  instances.get(key).push(spec);
}
const servers = [...instances.values()].map((specs) => ({
  specs,
  mf: new Miniflare({
    log: new Log(LogLevel.INFO),
    logRequests: false,
    // The placeholder `request.cf`: the real one is fetched from workers.cloudflare.com.
    cf: false,
    // `wrangler --persist-to <dir>` keeps its state in `<dir>/v3/<d1|kv|do|cache>`.
    defaultPersistRoot: path.join(at(specs[0].persist ?? plan.persist), "v3"),
    unsafeTriggerHandlers: false,
    workers: specs.map(workerOptions),
  }),
}));

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await Promise.allSettled(servers.map(({ mf }) => mf.dispose()));
  } finally {
    process.exit(code);
  }
}
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"]) {
  process.on(signal, () => stop(0));
}
process.stdin.on("end", () => stop(0));
process.stdin.on("error", () => stop(0));
process.stdin.resume();

try {
  const ports = {};
  for (const { specs, mf } of servers) {
    await mf.ready;
    for (const spec of specs) {
      ports[spec.name] = Number((await mf.unsafeGetDirectURL(spec.name)).port);
    }
  }
  writeFileSync(at(plan.ready), JSON.stringify(ports));
  console.log(`serve.mjs: ready ${JSON.stringify(ports)}`);
} catch (e) {
  console.error("serve.mjs: could not start the Workers:", e);
  await stop(1);
}
