-- POST /oauth2/token grant_type=refresh_token with HTTP Basic client auth. Refresh tokens rotate,
-- so each response's new refresh token goes back into the pool, like real clients renewing.
-- SEED_FILE holds the first tokens (at least as many as connections); CLIENT_BASIC the Basic value.
wrk.method = "POST"
wrk.path = "/oauth2/token"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("CLIENT_BASIC")
-- The pool is a queue: tokens are taken from its head and returned at its tail.
local pool, first, last = {}, 1, 0
-- Each wrk thread takes its own share of the lines (a token must be used by one client only).
local threads = tonumber(os.getenv("WRK_THREADS") or "1")
local counter = 0
function setup(thread)
  thread:set("share", counter)
  counter = counter + 1
end
function init(args)
  local i = 0
  for line in io.lines(os.getenv("SEED_FILE")) do
    if i % threads == (share or 0) then last = last + 1; pool[last] = line end
    i = i + 1
  end
end
-- The request line and headers are built once: per request only the body and its length change,
-- which keeps the load generator's own CPU (it shares the machine's two cores) to a minimum.
local head
function request()
  if not head then
    head = string.format("POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: %s\r\nAuthorization: %s\r\nContent-Length: ",
      wrk.path, wrk.headers["Host"], wrk.headers["Content-Type"], wrk.headers["Authorization"])
  end
  local token = "exhausted"
  if first <= last then
    token = pool[first]; pool[first] = nil; first = first + 1
  end
  local body = "grant_type=refresh_token&refresh_token=" .. token
  return head .. #body .. "\r\n\r\n" .. body
end
function response(status, headers, body)
  local token = body:match('"refresh_token":"([^"]+)"')
  if token then last = last + 1; pool[last] = token end
end
