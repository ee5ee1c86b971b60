-- POST /oauth2/token grant_type=refresh_token with HTTP Basic client auth. Refresh tokens rotate,
-- so each response's new refresh token goes back into the pool, like real clients renewing.
-- SEED_FILE holds the first tokens (at least as many as connections); CLIENT_BASIC the Basic value.
wrk.method = "POST"
wrk.path = "/oauth2/token"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("CLIENT_BASIC")
local pool = {}
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
    if i % threads == (share or 0) then pool[#pool + 1] = line end
    i = i + 1
  end
end
function request()
  local token = table.remove(pool, 1) or "exhausted"
  return wrk.format(nil, nil, nil, "grant_type=refresh_token&refresh_token=" .. token)
end
function response(status, headers, body)
  local token = body:match('"refresh_token":"([^"]+)"')
  if token then pool[#pool + 1] = token end
end
