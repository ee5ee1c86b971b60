-- POST /v1/session-tokens, each request with the next unused tokenId from TOKEN_FILE
-- (one tokenId per request, as a browser activates once per connection).
wrk.method = "POST"
wrk.path = "/v1/session-tokens"
wrk.headers["Content-Type"] = "application/json"
-- Each wrk thread takes its own share of the lines (a token must be used by one client only). The
-- lines are read as they are needed, not loaded first: a Lua table of the hundreds of thousands of
-- tokenIds a run needs made LuaJIT's garbage collector stop wrk's loop for about 140 ms once a run,
-- which wrk counted as the latency of every request in flight.
local threads = tonumber(os.getenv("WRK_THREADS") or "1")
local counter = 0
function setup(thread)
  thread:set("share", counter)
  counter = counter + 1
end
local lines
local function read_line()
  local line = lines and lines()
  if not line then lines = nil end
  return line
end
-- This thread's next tokenId, then the lines of the other threads skipped.
local function next_id()
  local id = read_line()
  for _ = 2, threads do read_line() end
  return id or "exhausted"
end
function init(args)
  lines = io.lines(os.getenv("TOKEN_FILE"))
  for _ = 1, (share or 0) do read_line() end
end
-- The request line and headers are built once: per request only the body and its length change,
-- which keeps the load generator's own CPU (it shares the machine's two cores) to a minimum.
local head
function request()
  if not head then
    head = string.format("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: ",
      wrk.path, wrk.headers["Host"])
  end
  local id = next_id()
  local body = '{"tokenId":"' .. id .. '"}'
  return head .. #body .. "\r\n\r\n" .. body
end
