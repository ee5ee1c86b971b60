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
-- The request line and headers are built once: per request only the body and its length change,
-- which keeps the load generator's own CPU (it shares the machine's two cores) to a minimum.
local head
function request()
  if not head then
    head = string.format("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: ",
      wrk.path, wrk.headers["Host"])
  end
  local id = ids[next_id] or "exhausted"
  next_id = next_id + 1
  local body = '{"tokenId":"' .. id .. '"}'
  return head .. #body .. "\r\n\r\n" .. body
end
