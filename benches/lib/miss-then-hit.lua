-- wrk script for benches/cache: GET /keyed?k=<thread>-<n>, each key asked
-- twice in a row (a miss that stores the entry, then a hit).
function setup(thread)
  thread:set("prefix", tostring(math.random(1, 1000000000)))
end

function init(args)
  n = 0
end

function request()
  n = n + 1
  return wrk.format(nil, "/keyed?k=" .. prefix .. "-" .. math.floor(n / 2))
end
