-- wrk script for benches/soak: the mixed workload of benches/apps/soak.
--
--   wrk -t2 -c200 -d15s --timeout 10s -s soak.lua http://127.0.0.1:3201            unpaced
--   wrk -t2 -c200 -d10m --timeout 10s -s soak.lua http://127.0.0.1:3201 -- 9000 2 200
--
-- Each connection goes round a list of 16 requests (hello x4, items x3,
-- echo x2, stream x2, session x2, search x2, one path that is no route),
-- each thread starting at a place of its own.
--
-- Pacing (arguments after `--`: total req/s, wrk -t, wrk -c): wrk has no
-- rate option, but it calls delay() after every answer and waits that
-- many milliseconds before the connection's next request. Each thread
-- gives out send times on a fixed schedule, one every threads / rate
-- seconds from its start (monotonic clock through LuaJIT's FFI); delay()
-- hands the answering connection the next free one and returns the time
-- until it. So the rate is the target whatever the latency, as long as
-- the server keeps up (each connection still waits for its answer). The
-- connections' first requests, sent at once on connect, take the first
-- slots. A thread that falls more than 250 ms behind its schedule
-- (a stalled server) gives up the missed slots rather than bursting to
-- catch up: the achieved rate then shows the shortfall.
--
-- Every request names its kind in `X-Soak-Expect`; the app's routes answer
-- with `x-soak-route` (their own name) and echo `x-soak-expect`. An answer
-- is right when it is 200 with the two equal, or, for the path that is no
-- route, 404 without `x-soak-route`. done() prints machine-readable
-- `soak_<name>=<value>` lines (latencies in ms):
--   requests duration_s rps  errors_connect errors_read errors_write
--   errors_timeout  unexpected_status (answers neither 200 nor the 404
--   expected)  wrong_route (200 from another handler than asked for)
--   excess (answers of a kind beyond the requests of that kind sent: a
--   request answered as another kind, e.g. a route's 404)  failed (all of
--   the above)  latency_{mean,p50,p90,p99,max}  statuses (JSON: the
--   unexpected ones)  kinds (JSON: sent and answered per kind)
--   slots_skipped (send times given up by the pacer, summed over threads)

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } soak_timespec;
  int clock_gettime(int clock, soak_timespec *ts);
]]
local timespec = ffi.new("soak_timespec")
local function now()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_no", #threads)
end

local function format(kind, method, path, extra, body)
  local headers = {
    ["User-Agent"] = "edgeroute-soak/1 (wrk)",
    ["Accept"] = "application/json",
    ["Accept-Language"] = "en-GB,en;q=0.8",
    ["X-Soak-Expect"] = kind,
  }
  for k, v in pairs(extra or {}) do headers[k] = v end
  return { kind = kind, raw = wrk.format(method, path, headers, body) }
end

function init(args)
  local rate = tonumber(args[1] or "0") or 0
  local nthreads = tonumber(args[2] or "1") or 1
  local nconns = tonumber(args[3] or "0") or 0
  if rate > 0 then
    interval = nthreads / rate
    schedule_start = now()
    claimed = math.floor(nconns / nthreads)
  else
    delay = nil
  end
  slots_skipped = 0

  local json = { ["Content-Type"] = "application/json" }
  requests = {
    format("hello", "GET", "/api/hello"),
    format("items", "GET", "/api/items/1"),
    format("echo", "POST", "/api/echo", json,
      '{"user":"ada","cart":[{"sku":"A-1","qty":2},{"sku":"B-7","qty":1}],"coupon":null}'),
    format("stream", "GET", "/api/stream"),
    format("hello", "GET", "/api/hello", { ["Accept-Encoding"] = "gzip, br" }),
    format("session", "GET", "/api/session", { ["Cookie"] = "session=s-1f2e3d; theme=dark; visits=3" }),
    format("search", "GET", "/api/search?q=ha"),
    format("items", "GET", "/api/items/42"),
    format("notfound", "GET", "/api/does-not-exist"),
    format("hello", "GET", "/api/hello"),
    format("echo", "POST", "/api/echo", json,
      '{"event":"checkout","ts":1764614400,"tags":["web","eu"],"total":19.99}'),
    format("search", "GET", "/api/search?q=delta&limit=3", { ["Accept-Encoding"] = "gzip" }),
    format("items", "GET", "/api/items/987654"),
    format("session", "GET", "/api/session", { ["Cookie"] = "session=s-9a8b7c" }),
    format("stream", "GET", "/api/stream"),
    format("hello", "GET", "/api/hello"),
  }
  position = ((thread_no or 1) * 7) % #requests
  sent, answered, statuses = {}, {}, {}
  for _, r in ipairs(requests) do
    sent[r.kind] = 0
    answered[r.kind] = 0
  end
  wrong_route = 0
end

function request()
  position = position % #requests + 1
  local r = requests[position]
  sent[r.kind] = sent[r.kind] + 1
  return r.raw
end

function delay()
  local t = now()
  local slot = schedule_start + claimed * interval
  if slot < t - 0.25 then
    local behind = math.floor((t - 0.25 - slot) / interval)
    slots_skipped = slots_skipped + behind
    claimed = claimed + behind
    slot = schedule_start + claimed * interval
  end
  claimed = claimed + 1
  if slot <= t then return 0 end
  return (slot - t) * 1000
end

function response(status, headers, body)
  local route = headers["x-soak-route"]
  if status == 200 and route ~= nil then
    if route == headers["x-soak-expect"] and answered[route] ~= nil then
      answered[route] = answered[route] + 1
    else
      wrong_route = wrong_route + 1
    end
  elseif status == 404 and route == nil then
    answered.notfound = answered.notfound + 1
  else
    local key = tostring(status)
    statuses[key] = (statuses[key] or 0) + 1
  end
end

function done(summary, latency, _)
  local s_sent, s_answered, s_statuses, wrong, skipped = {}, {}, {}, 0, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("sent")) do s_sent[k] = (s_sent[k] or 0) + v end
    for k, v in pairs(t:get("answered")) do s_answered[k] = (s_answered[k] or 0) + v end
    for k, v in pairs(t:get("statuses")) do s_statuses[k] = (s_statuses[k] or 0) + v end
    wrong = wrong + t:get("wrong_route")
    skipped = skipped + t:get("slots_skipped")
  end
  local unexpected, excess = 0, 0
  for _, v in pairs(s_statuses) do unexpected = unexpected + v end
  local kinds = {}
  for k, v in pairs(s_sent) do
    local a = s_answered[k] or 0
    if a > v then excess = excess + (a - v) end
    table.insert(kinds, string.format('"%s":{"sent":%d,"answered":%d}', k, v, a))
  end
  table.sort(kinds)
  local codes = {}
  for k, v in pairs(s_statuses) do table.insert(codes, string.format('"%s":%d', k, v)) end
  table.sort(codes)
  local e = summary.errors
  local failed = e.connect + e.read + e.write + e.timeout + unexpected + wrong + excess
  local seconds = summary.duration / 1e6
  local function ms(us) return string.format("%.3f", us / 1000) end
  local out = {
    { "requests", summary.requests },
    { "duration_s", string.format("%.3f", seconds) },
    { "rps", string.format("%.1f", summary.requests / seconds) },
    { "errors_connect", e.connect },
    { "errors_read", e.read },
    { "errors_write", e.write },
    { "errors_timeout", e.timeout },
    { "unexpected_status", unexpected },
    { "wrong_route", wrong },
    { "excess", excess },
    { "failed", failed },
    { "latency_mean", ms(latency.mean) },
    { "latency_p50", ms(latency:percentile(50)) },
    { "latency_p90", ms(latency:percentile(90)) },
    { "latency_p99", ms(latency:percentile(99)) },
    { "latency_max", ms(latency.max) },
    { "statuses", "{" .. table.concat(codes, ",") .. "}" },
    { "kinds", "{" .. table.concat(kinds, ",") .. "}" },
    { "slots_skipped", skipped },
  }
  for _, kv in ipairs(out) do io.write("soak_", kv[1], "=", tostring(kv[2]), "\n") end
end
