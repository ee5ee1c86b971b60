# Sourced by bench/run.sh: prepares a fresh broker for the benchmark through its public API only.
# Sets APP, SECRET, ROLE, SESSION, CLIENT_BASIC, RTC_AVAILABLE and writes $OUT/refresh-seed-<c>.txt.

json() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

admin() { # METHOD PATH [BODY]
  curl -sf -X "$1" "$BASE$2" -H "Admin-Key: $ADMIN" -H 'Content-Type: application/json' ${3:+-d "$3"}
}

setup_broker() {
  local app role user redirect="http://127.0.0.1:9/cb"
  app=$(admin POST /v1/apps "{\"name\":\"bench\",\"redirectUris\":[\"$redirect\"],\"maxTtl\":86400}")
  APP=$(json appId <<<"$app"); SECRET=$(json appSecret <<<"$app")
  admin PATCH "/v1/apps/$APP" '{"agora":{"appId":"970CA35de60c44645bbae8a215061b33","appCertificate":"5CFd2fd1755d40ecb72977518be15d3b"},"turn":{"secret":"bench-turn-secret","uris":["turn:127.0.0.1:3478"]}}' >/dev/null
  role=$(admin POST "/v1/apps/$APP/roles" '{"name":"agent","permissions":["turn","rtc:join","rtc:publish-audio","rtc:publish-video","rtc:publish-data","rtm:login"]}')
  ROLE=$(json roleId <<<"$role")
  user=$(admin POST /v1/users '{"email":"bench@example.com","password":"bench-password-123","type":"agent"}')
  admin PUT "/v1/apps/$APP/members/$(json userId <<<"$user")" "{\"roleId\":\"$ROLE\"}" >/dev/null
  CLIENT_BASIC=$(printf '%s:%s' "$APP" "$SECRET" | base64 -w0)

  # A long session token for the caller-credential routes.
  local tid
  tid=$(curl -sf -X POST "$BASE/v1/tokens" -H "App-Secret: $SECRET" -H 'Content-Type: application/json' \
    -d "{\"appId\":\"$APP\",\"endpointId\":\"bench-user\",\"roleId\":\"$ROLE\",\"ttl\":86400}" | json tokenId)
  SESSION=$(curl -sf -X POST "$BASE/v1/session-tokens" -H 'Content-Type: application/json' -d "{\"tokenId\":\"$tid\"}" | json token)
  RTC_AVAILABLE=0
  if curl -sf -o /dev/null -X POST "$BASE/v1/rtc-tokens" -H "App-Token: $SESSION" -H 'Content-Type: application/json' \
      -d '{"channelName":"bench-channel","uid":1234,"role":"publisher"}'; then RTC_AVAILABLE=1; fi

  # Refresh-token seeds: one SSO sign-in, then one code flow per seed token.
  local jar="$OUT/cookies.txt" page af code c n
  rm -f "$jar"
  page=$(curl -sf -c "$jar" -b "$jar" "$BASE/auth/login")
  af=$(grep -o 'name="__RequestVerificationToken" value="[^"]*"' <<<"$page" | sed 's/.*value="//;s/"$//')
  curl -sf -o /dev/null -c "$jar" -b "$jar" -X POST "$BASE/auth/login" --data-urlencode "__RequestVerificationToken=$af" \
    --data-urlencode "email=bench@example.com" --data-urlencode "password=bench-password-123" --data-urlencode "returnUrl="
  for c in $CONCS; do
    : > "$OUT/refresh-seed-$c.txt"
    for n in $(seq 1 $((c + 16))); do
      code=$(curl -s -o /dev/null -w '%{redirect_url}' -b "$jar" \
        "$BASE/oauth2/authorize?response_type=code&client_id=$APP&redirect_uri=$redirect&state=s" | sed -n 's/.*[?&]code=\([^&]*\).*/\1/p')
      curl -sf -u "$APP:$SECRET" -d grant_type=authorization_code -d "code=$code" -d "redirect_uri=$redirect" "$BASE/oauth2/token" \
        | json refresh_token >> "$OUT/refresh-seed-$c.txt"
    done
  done
  echo "# broker ready: app $APP, rtc route available: $RTC_AVAILABLE"
}
