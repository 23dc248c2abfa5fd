-- One request, repeated as fast as the connections allow, for `cargo xtask bench`
-- (xtask/src/bench.rs): BENCH_METHOD, BENCH_PATH, BENCH_BODY (JSON, optional) and
-- BENCH_ORIGIN say what; BENCH_OUT is where the summary goes as JSON. Any answer
-- but a 2xx counts as bad, so a figure is never taken from error pages.
local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local body = os.getenv("BENCH_BODY")
local origin = os.getenv("BENCH_ORIGIN")
local out_path = assert(os.getenv("BENCH_OUT"), "BENCH_OUT is required")

local threads = {}
local bad = 0

function setup(thread)
  threads[#threads + 1] = thread
end

local headers = {}
local sent = 0

function init(args)
  if origin then headers["Origin"] = origin end
  if body then headers["Content-Type"] = "application/json" end
end

-- Each request comes from another client address: quotes and checkouts are rate
-- limited per shop and client, and a bench is many shoppers, not one script.
function request()
  sent = sent + 1
  headers["CF-Connecting-IP"] = string.format("10.%d.%d.%d",
    math.floor(sent / 65536) % 256, math.floor(sent / 256) % 256, sent % 256)
  return wrk.format(method, path, headers, body)
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local all_bad = 0
  for _, t in ipairs(threads) do
    all_bad = all_bad + (t:get("bad") or 0)
  end
  local e = summary.errors
  local out = assert(io.open(out_path, "w"))
  out:write(string.format(
    '{"requests":%d,"duration_us":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"not_2xx":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration,
    e.connect, e.read, e.write, e.status, e.timeout,
    all_bad, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
  out:close()
end
