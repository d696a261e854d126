-- wrk script for docs/bench/messaging.py: each thread is one sender (or reader) with its
-- own session cookie and body, read from the file named by BENCH_SENDERS (one line per
-- sender: cookie, a tab, the body).
local counter = 0

local function read_senders()
  local file = assert(io.open(os.getenv("BENCH_SENDERS")))
  local senders = {}
  for line in file:lines() do
    local cookie, body = line:match("^([^\t]*)\t(.*)$")
    if cookie then senders[#senders + 1] = { cookie = cookie, body = body } end
  end
  file:close()
  return senders
end

local senders = read_senders()

function setup(thread)
  counter = counter + 1
  local s = senders[(counter - 1) % #senders + 1]
  thread:set("cookie", s.cookie)
  thread:set("body", s.body)
end

function init(args)
  local headers = { ["Cookie"] = cookie }
  if os.getenv("BENCH_METHOD") == "POST" then
    headers["Content-Type"] = "application/json"
    req = wrk.format("POST", os.getenv("BENCH_PATH"), headers, body)
  else
    req = wrk.format("GET", os.getenv("BENCH_PATH"), headers)
  end
end

function request()
  return req
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d, socket errors: %d\n", summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
