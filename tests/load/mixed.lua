-- One kind of shopper traffic for the load run (`xtask/src/load.rs`), run by wrk:
-- xtask starts one wrk per kind at the same time against the same edge, so the edge
-- serves the mix while wrk measures each kind's throughput and latency on its own.
--
-- Environment (set by xtask):
--   LOAD_KIND    list | detail | checkout
--   LOAD_DATA    the prepared data: tab-separated lines
--                  list<TAB><path>                          a catalogue page
--                  detail<TAB><path>                        a product detail
--                  sku<TAB><product><TAB><sku><TAB><total>  a SKU with ample stock and the
--                                                           JSON total of its quote for 1
--   LOAD_ORIGIN  an origin the shop allows (sent as `Origin`, as the widget does)
--   LOAD_SHOP    the shop
--   LOAD_OUT     where `done` writes the result (JSON)
--
-- Every checkout is a new shopper: a unique Idempotency-Key and its own
-- `cf-connecting-ip` (checkout is rate limited per shop and client IP), cash on
-- delivery so the order goes straight to the supplier, and the quoted total as
-- `confirmed_total`. Each thread keeps the ids of the orders it saw placed; `done`
-- writes them with the counts of answers that were not 2xx (and a few samples), so
-- xtask can find every one in the edge's D1 and at the supplier.

local kind = os.getenv("LOAD_KIND") or "list"
local data_path = os.getenv("LOAD_DATA")
local origin = os.getenv("LOAD_ORIGIN")
local shop = os.getenv("LOAD_SHOP") or "demo"
local out_path = os.getenv("LOAD_OUT")

local contact = '{"name":"王小明","phone":"138 0013 8000","address":{"region":"浙江省",'
  .. '"city":"杭州市","district":"西湖区","line":"文三路 90 号 2 幢 301"}}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_no", #threads)
end

-- Per thread (each has its own Lua state).
made = 0
ids = {}
bad = 0
samples = {}

local lists, details, skus = {}, {}, {}
local run = ""

local function split_tabs(line)
  local fields = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do
    fields[#fields + 1] = field
  end
  return fields
end

function init(args)
  for line in io.lines(data_path) do
    local f = split_tabs(line)
    if f[1] == "list" then
      lists[#lists + 1] = f[2]
    elseif f[1] == "detail" then
      details[#details + 1] = f[2]
    elseif f[1] == "sku" then
      skus[#skus + 1] = { product = f[2], sku = f[3], total = f[4] }
    end
  end
  local pool = ({ list = lists, detail = details, checkout = skus })[kind]
  if pool == nil or #pool == 0 then
    error("mixed.lua: nothing prepared for LOAD_KIND=" .. tostring(kind))
  end
  math.randomseed(os.time() * 1000 + thread_no)
  run = string.format("%x-%06x", os.time(), math.random(0, 0xffffff))
end

function request()
  made = made + 1
  if kind == "list" then
    return wrk.format("GET", lists[(made - 1) % #lists + 1], { ["Origin"] = origin })
  elseif kind == "detail" then
    return wrk.format("GET", details[(made - 1) % #details + 1], { ["Origin"] = origin })
  end
  local s = skus[(made - 1) % #skus + 1]
  local body = '{"lines":[{"product_id":"' .. s.product .. '","sku":"' .. s.sku
    .. '","quantity":1}],"confirmed_total":' .. s.total .. ',"contact":' .. contact
    .. ',"payment_method":"cash_on_delivery"}'
  local ip = string.format("10.%d.%d.%d", 100 + thread_no, math.floor(made / 256) % 256, made % 256)
  return wrk.format("POST", "/v1/shops/" .. shop .. "/orders", {
    ["Origin"] = origin,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "load-" .. run .. "-" .. thread_no .. "-" .. made,
    ["cf-connecting-ip"] = ip,
  }, body)
end

local function note(text)
  if #samples < 5 then
    samples[#samples + 1] = text
  end
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    note(status .. " " .. string.sub(body or "", 1, 300))
  elseif kind == "checkout" then
    local id = string.match(body or "", '"id"%s*:%s*"(PS%-[^"]+)"')
    if id then
      ids[#ids + 1] = id
    else
      bad = bad + 1
      note(status .. " without an order id: " .. string.sub(body or "", 1, 300))
    end
  end
end

local function json_string(s)
  return '"' .. string.gsub(s, '[%c"\\]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end) .. '"'
end

function done(summary, latency, requests)
  local all_ids, all_samples, all_bad = {}, {}, 0
  for _, t in ipairs(threads) do
    all_bad = all_bad + (t:get("bad") or 0)
    for _, id in ipairs(t:get("ids") or {}) do
      all_ids[#all_ids + 1] = json_string(id)
    end
    for _, s in ipairs(t:get("samples") or {}) do
      all_samples[#all_samples + 1] = json_string(s)
    end
  end
  local e = summary.errors
  local out = assert(io.open(out_path, "w"))
  out:write(string.format(
    '{"kind":%s,"requests":%d,"duration_us":%d,"bytes":%d,'
      .. '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},'
      .. '"not_2xx":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,'
      .. '"samples":[%s],"ids":[%s]}\n',
    json_string(kind), summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    all_bad, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    table.concat(all_samples, ","), table.concat(all_ids, ",")))
  out:close()
end
