-- wrk script: POST /api/calls (or the reference's /calls) with a unique body and Idempotency-Key per request.
-- Environment: HUYING_PATH (default /api/calls), HUYING_TOKEN (bearer token; empty: no Authorization
-- header, as for the reference), HUYING_RUN (run id, marks this run's calls), HUYING_CATEGORIES,
-- HUYING_DELAY_MS (below).
local path = os.getenv("HUYING_PATH") or "/api/calls"
local token = os.getenv("HUYING_TOKEN") or ""
local run = os.getenv("HUYING_RUN")
local grids = {"/baiyun/jinsha/fengling/grid-01", "/baiyun/jinsha/fengling/grid-02", "/baiyun/jinsha/fengling/grid-03",
               "/baiyun/jinsha/pingle/grid-01", "/baiyun/jinsha/pingle/grid-02"}
-- HUYING_CATEGORIES: comma-separated category codes to raise (the harness passes them).
local categories = {}
for code in string.gmatch(os.getenv("HUYING_CATEGORIES") or "SR-01", "[^,]+") do
  categories[#categories + 1] = code
end
-- HUYING_DELAY_MS: pause of each connection between requests (0: as fast as possible).
local pause = tonumber(os.getenv("HUYING_DELAY_MS") or "0")

function delay()
  return pause
end
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
function request()
  counter = counter + 1
  local seq = tid .. "x" .. counter
  local body = string.format(
    '{"categoryCode":"%s","urgency":"一般","requestType":"投诉","title":"bench-%s-%s",' ..
    '"description":"压测呼叫：12345 热线转办的居民诉求，描述长度与真实工单相近。压测呼叫：12345 热线转办的居民诉求。",' ..
    '"location":{"address":"金沙街道压测路%s-%s号","gridPath":"%s"},' ..
    '"reporter":{"name":"王先生","phone":"13900000000"},"channel":"HOTLINE_12345"}',
    categories[(counter % #categories) + 1], run, seq, run, seq, grids[(counter % #grids) + 1])
  local headers = {
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. seq}
  if token ~= "" then
    headers["Authorization"] = "Bearer " .. token
  end
  return wrk.format("POST", path, headers, body)
end
