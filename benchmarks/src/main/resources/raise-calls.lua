-- wrk script: POST /api/calls with a unique body and Idempotency-Key per request.
-- Environment: HUYING_TOKEN (bearer token), HUYING_RUN (run id, marks this run's calls).
local token = os.getenv("HUYING_TOKEN")
local run = os.getenv("HUYING_RUN")
local grids = {"/baiyun/jinsha/fengling/grid-01", "/baiyun/jinsha/fengling/grid-02", "/baiyun/jinsha/fengling/grid-03",
               "/baiyun/jinsha/pingle/grid-01", "/baiyun/jinsha/pingle/grid-02"}
local categories = {"SR-01", "SR-02", "SR-03", "SR-04", "SR-05", "WJ-01", "WJ-02", "WJ-03", "HW-01", "HW-02",
                    "HW-03", "HW-04", "ZA-01", "ZA-02", "ZA-03", "XF-01", "XF-02", "XF-03", "MD-01", "MD-02",
                    "MD-03", "GS-01", "GS-02", "GS-03", "GS-04", "ZY-01", "ZY-02", "SP-01", "SP-02", "SP-03"}
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
  return wrk.format("POST", "/api/calls", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. seq}, body)
end
