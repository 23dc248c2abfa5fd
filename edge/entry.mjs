// The edge Worker's entry module: `wrangler.toml`'s `main`, around the module that
// `worker-build` writes to `edge/build/index.js`.
//
// That module's default export is a class the runtime constructs for every request,
// wrapped in Proxies (a new one per request, and another per method read) so that
// an instance a trap left broken is rebuilt. Constructing and proxying cost a cached
// catalogue read about 6 % of its throughput. Here the fetch handler is a plain
// object's method, which the runtime calls with no construction, and the recovery
// stays: wasm-bindgen's glue resets a trapped instance at its next call, and a
// panic's flag (`__worker_init_state.criticalError`, which `worker` sets) is acted
// on as the build's own wrapper does, by constructing it once.
//
// The Durable Object classes are re-exported as built, wrappers and all.
import Entrypoint from "./build/index.js";

export * from "./build/index.js";

// The build's handler: it reads `env` and `ctx` from `this`.
const handle = Entrypoint.prototype.fetch;
const state = globalThis.__worker_init_state;
if (typeof handle !== "function" || typeof state !== "object" || state === null) {
  throw new Error("edge/build/index.js is not the worker-build output this entry expects");
}

// A trap means the instance's memory may be half-changed: flag it so the next
// request rebuilds it before running.
function critical(error) {
  if (error instanceof WebAssembly.RuntimeError) state.criticalError = true;
  throw error;
}

export default {
  fetch(request, env, ctx) {
    if (state.criticalError) Reflect.construct(Entrypoint, [ctx, env]);
    try {
      const answer = handle.call({ env, ctx }, request);
      return answer instanceof Promise ? answer.catch(critical) : answer;
    } catch (error) {
      return critical(error);
    }
  },
};
