-- wrk script: GET /api/v1/today (or BENCH_PATH) for many pupils in turn (a cookie per line in the file
-- named by BENCH_PUPILS, from docs/bench/pupils.sh), so that the views spread over every
-- pupil's own ticks and unread count and over their classes' shared days. Refusals show as
-- wrk's "Non-2xx or 3xx responses" line.
local cookies = {}
for line in assert(io.open(os.getenv("BENCH_PUPILS"))):lines() do
  if #line > 0 then cookies[#cookies + 1] = line end
end
local requests = {}
for i, cookie in ipairs(cookies) do
  requests[i] = wrk.format("GET", os.getenv("BENCH_PATH") or "/api/v1/today", { ["Cookie"] = cookie })
end
local next_pupil = 0

function request()
  next_pupil = next_pupil % #requests + 1
  return requests[next_pupil]
end

