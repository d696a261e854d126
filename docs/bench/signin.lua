-- wrk script: POST /api/v1/session with the demo accounts, in turn.
-- Usage: wrk -t1 -c8 -d20s -s docs/bench/signin.lua http://127.0.0.1:8080 -- cartable-data/demo-accounts.csv
local accounts = {}
local next_account = 1

function init(args)
  local file = assert(io.open(args[1] or "cartable-data/demo-accounts.csv"))
  file:read("*l") -- header
  for line in file:lines() do
    local login, password = line:match("^([^,]+),([^,]+),")
    if login then accounts[#accounts + 1] = { login, password } end
  end
  file:close()
end

function request()
  local a = accounts[next_account]
  next_account = next_account % #accounts + 1
  local body = string.format('{"login":"%s","password":"%s"}', a[1], a[2])
  return wrk.format("POST", "/api/v1/session", { ["Content-Type"] = "application/json" }, body)
end

function done(summary, latency, requests)
  local codes = summary.errors.status
  io.write(string.format("non-2xx: %d, socket errors: %d\n", codes,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
