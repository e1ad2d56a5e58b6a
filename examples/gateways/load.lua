-- wrk script of e2e.sh: GET /protected with the API key in E2E_API_KEY (from the environment, so
-- that it shows on no command line), each request on a connection of its own (see e2e.sh), and a
-- count of every answer that is not exactly 200 {"message":"Access granted"}.
wrk.method = "GET"
wrk.path = "/protected"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("E2E_API_KEY")
if os.getenv("E2E_KEEP_ALIVE") ~= "1" then
  wrk.headers["Connection"] = "close"
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  granted = 0
  other = 0
end

function response(status, headers, body)
  if status == 200 and body == '{"message":"Access granted"}' then
    granted = granted + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local granted_total, other_total = 0, 0
  for _, thread in ipairs(threads) do
    granted_total = granted_total + thread:get("granted")
    other_total = other_total + thread:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    "wrk: requests=%d granted=%d other=%d connect=%d read=%d write=%d timeout=%d seconds=%.1f\n",
    summary.requests, granted_total, other_total, e.connect, e.read, e.write, e.timeout,
    summary.duration / 1e6))
end
