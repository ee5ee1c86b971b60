-- POST a fixed JSON body with headers taken from the environment:
--   BODY (the JSON), APP_SECRET (App-Secret header, optional), APP_TOKEN (App-Token header, optional).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = os.getenv("BODY")
local secret = os.getenv("APP_SECRET")
if secret and secret ~= "" then wrk.headers["App-Secret"] = secret end
local token = os.getenv("APP_TOKEN")
if token and token ~= "" then wrk.headers["App-Token"] = token end

-- With RECORD set, every tokenId answered is appended to that file (feeds the session-token run).
-- Without it no response handler is defined, so wrk does not hand each response to Lua, and the
-- request is the same static one the peers' scripts send.
local record = os.getenv("RECORD")
if record and record ~= "" then
  local file = nil
  function init(args)
    file = io.open(record, "a")
  end
  function response(status, headers, body)
    if status == 200 then
      local id = body:match('"tokenId":"([^"]+)"')
      if id then file:write(id, "\n") end
    end
  end
end
