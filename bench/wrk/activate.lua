-- POST /v1/session-tokens, each request with the next unused tokenId from TOKEN_FILE
-- (one tokenId per request, as a browser activates once per connection).
wrk.method = "POST"
wrk.path = "/v1/session-tokens"
wrk.headers["Content-Type"] = "application/json"
local ids = {}
local next_id = 1
-- Each wrk thread takes its own share of the lines (a token must be used by one client only).
local threads = tonumber(os.getenv("WRK_THREADS") or "1")
local counter = 0
function setup(thread)
  thread:set("share", counter)
  counter = counter + 1
end
function init(args)
  local i = 0
  for line in io.lines(os.getenv("TOKEN_FILE")) do
    if i % threads == (share or 0) then ids[#ids + 1] = line end
    i = i + 1
  end
end
function request()
  local id = ids[next_id]
  next_id = next_id + 1
  if not id then id = "exhausted" end
  return wrk.format(nil, nil, nil, '{"tokenId":"' .. id .. '"}')
end
