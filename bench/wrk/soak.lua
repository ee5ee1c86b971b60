-- The soak's mixed load: the routes that write or sign take turns, so memory is watched under all
-- of them, not one. In each round of four requests:
--   POST /v1/tokens (App-Secret; every tokenId answered feeds an activation below),
--   POST /v1/session-tokens (one of those tokenIds, once),
--   POST /v1/rtc-tokens (App-Token),
--   POST /oauth2/token refresh grant (Basic; the answer's new refresh token goes back in the pool).
-- A turn whose input is missing (no tokenId yet, no refresh token left, no RTC route) mints a tokenId
-- instead, so every request is one a real client could send and any non-2xx answer is a failure.
-- Env: TOKENS_BODY, APP_SECRET, APP_TOKEN and RTC_BODY (empty without the RTC route), SEED_FILE,
-- CLIENT_BASIC. Meant for one wrk thread (-t1): the pools are this thread's.
local tokens_body = os.getenv("TOKENS_BODY")
local rtc_body = os.getenv("RTC_BODY") or ""
local tokens_headers = { ["Content-Type"] = "application/json", ["App-Secret"] = os.getenv("APP_SECRET") }
local json_headers = { ["Content-Type"] = "application/json" }
local rtc_headers = { ["Content-Type"] = "application/json", ["App-Token"] = os.getenv("APP_TOKEN") }
local refresh_headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Authorization"] = "Basic " .. os.getenv("CLIENT_BASIC"),
}
local ids, refresh = {}, {}
-- A cap on unused tokenIds, in case activations fall behind: the soak is about memory, not a backlog.
local max_ids = 4096
local turn = 0
-- Requests sent per route (global, so done() can read it from the thread).
made = { tokens = 0, session = 0, rtc = 0, refresh = 0 }
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

function init(args)
  for line in io.lines(os.getenv("SEED_FILE")) do refresh[#refresh + 1] = line end
end

function request()
  turn = turn + 1
  local kind = turn % 4
  if kind == 1 and #ids > 0 then
    made.session = made.session + 1
    return wrk.format("POST", "/v1/session-tokens", json_headers, '{"tokenId":"' .. table.remove(ids, 1) .. '"}')
  elseif kind == 2 and rtc_body ~= "" then
    made.rtc = made.rtc + 1
    return wrk.format("POST", "/v1/rtc-tokens", rtc_headers, rtc_body)
  elseif kind == 3 and #refresh > 0 then
    made.refresh = made.refresh + 1
    return wrk.format("POST", "/oauth2/token", refresh_headers,
      "grant_type=refresh_token&refresh_token=" .. table.remove(refresh, 1))
  end
  made.tokens = made.tokens + 1
  return wrk.format("POST", "/v1/tokens", tokens_headers, tokens_body)
end

function response(status, headers, body)
  local id = body:match('"tokenId":"([^"]+)"')
  if id and #ids < max_ids then ids[#ids + 1] = id end
  local token = body:match('"refresh_token":"([^"]+)"')
  if token then refresh[#refresh + 1] = token end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    local m = thread:get("made")
    io.write(string.format("soak mix: tokens %d, session-tokens %d, rtc-tokens %d, refresh %d\n",
      m.tokens, m.session, m.rtc, m.refresh))
  end
end
