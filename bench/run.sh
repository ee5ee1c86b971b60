#!/usr/bin/env bash
# TokenBroker side-by-side benchmark: bench/run.sh  (see docs/performance.md)
# Builds the broker in Release, starts it on loopback over a fresh store, drives its hot routes with
# wrk at each concurrency, then drives the peers in ../shared/peers (oidc-provider client_credentials,
# the agora-token server, both with WORKERS=2) and a bare Kestrel endpoint in the same run, and prints
# a table of medians and ratios. Knobs (env): DUR=10 CONCS="16 64" CYCLES=2 WRK_THREADS=1 SOAK=300 OUT=…
# BROKER_ENV="NAME=value …" adds environment variables to every broker start (e.g. runtime settings).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PEERS_SRC="${PEERS_SRC:-$ROOT/../shared/peers}"
export DUR="${DUR:-10}" CONCS="${CONCS:-16 64}" WRK_THREADS="${WRK_THREADS:-1}" ROUNDS=1 WORKERS=2
export OUT="${OUT:-$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)}"
CYCLES="${CYCLES:-2}"
PEERS="${PEERS-oidc agora kestrel}"   # which peers to drive; PEERS="" measures the broker alone
SOAK="${SOAK:-300}"
mkdir -p "$OUT"
WORK="$(mktemp -d)"
cp -r "$PEERS_SRC" "$WORK/peers"
# shellcheck source=/dev/null
. "$WORK/peers/lib.sh"   # bench, warm, start_server, stop_server, need_wrk (writes $OUT/results.tsv)
need_wrk
command -v node >/dev/null || { echo "node is needed for the peers"; exit 1; }

echo "# building the broker (Release)"
dotnet publish "$ROOT/src/TokenBroker.Api" -c Release -o "$OUT/broker" -nologo -v q >/dev/null

PORT=5090
BASE="http://127.0.0.1:$PORT"
ADMIN="bench-admin-key-0123456789abcdef0123456789abcdef"
LUA="$ROOT/bench/wrk"

start_broker() { # [extra NAME=value settings]
  rm -f "$OUT"/bench.db*
  # shellcheck disable=SC2086 # BROKER_ENV is a list of NAME=value words
  start_server "$OUT/broker.log" "$BASE/readyz" env ${BROKER_ENV:-} "$@" \
    ASPNETCORE_ENVIRONMENT=Production \
    ConnectionStrings__TokenBroker="Data Source=$OUT/bench.db" \
    TokenBroker__Bootstrap__AdminKey="$ADMIN" \
    TokenBroker__Issuer="$BASE" \
    TokenBroker__RateLimiting__Enabled=false \
    TokenBroker__Brokered__ActivationWindow=02:00:00 \
    Serilog__MinimumLevel__Default=Warning \
    dotnet "$OUT/broker/TokenBroker.Api.dll" --urls "$BASE"
}

# shellcheck source=/dev/null
. "$ROOT/bench/setup.sh"   # setup_broker: app, role, agora/turn settings, session token, refresh-token seed

bench_broker() {
  start_broker
  setup_broker
  local ids="$OUT/tokenids.txt"; : > "$ids"
  local tokens_body="{\"appId\":\"$APP\",\"endpointId\":\"bench-user\",\"roleId\":\"$ROLE\",\"ttl\":3600}"
  BODY="$tokens_body" APP_SECRET="$SECRET" warm "$BASE/v1/tokens" -s "$LUA/post-json.lua"
  for c in $CONCS; do
    BODY="$tokens_body" APP_SECRET="$SECRET" bench tb-tokens "$c" "$BASE/v1/tokens" -s "$LUA/post-json.lua"
  done
  # tokenIds for the activation runs, minted unmeasured (recording each answer costs wrk CPU, which
  # the measured runs above do not pay, like the peers' runs): 2×DUR per concurrency level.
  BODY="$tokens_body" APP_SECRET="$SECRET" RECORD="$ids" \
    wrk -t1 -c64 -d$((DUR * 2 * $(wc -w <<<"$CONCS")))s -s "$LUA/post-json.lua" "$BASE/v1/tokens" >/dev/null
  echo "# $(wc -l < "$ids") tokenIds ready for activation"
  # Each concurrency level activates its own share of the tokenIds (each can be used once).
  local parts i=0
  parts=$(wc -w <<<"$CONCS")
  split -n "l/$parts" -d "$ids" "$OUT/tokenids-part-"
  for c in $CONCS; do
    TOKEN_FILE="$(printf '%s/tokenids-part-%02d' "$OUT" "$i")" bench tb-session-tokens "$c" "$BASE/v1/session-tokens" -s "$LUA/activate.lua"
    i=$((i + 1))
  done
  if [ "$RTC_AVAILABLE" = 1 ]; then
    local rtc_body='{"channelName":"bench-channel","uid":1234,"role":"publisher"}'
    BODY="$rtc_body" APP_TOKEN="$SESSION" warm "$BASE/v1/rtc-tokens" -s "$LUA/post-json.lua"
    for c in $CONCS; do
      BODY="$rtc_body" APP_TOKEN="$SESSION" bench tb-rtc-tokens "$c" "$BASE/v1/rtc-tokens" -s "$LUA/post-json.lua"
    done
  fi
  for c in $CONCS; do
    SEED_FILE="$OUT/refresh-seed-$c.txt" CLIENT_BASIC="$CLIENT_BASIC" bench tb-refresh "$c" "$BASE/oauth2/token" -s "$LUA/refresh.lua"
  done
  warm "$BASE/.well-known/jwks.json"
  for c in $CONCS; do bench tb-jwks "$c" "$BASE/.well-known/jwks.json"; done
  stop_server
}

for cycle in $(seq 1 "$CYCLES"); do
  echo "## cycle $cycle of $CYCLES"
  bench_broker
  if [[ " $PEERS " == *" oidc "* ]]; then ALGS=ES256 bash "$WORK/peers/run-oidc-provider.sh"; fi
  if [[ " $PEERS " == *" agora "* ]]; then bash "$WORK/peers/run-agora.sh"; fi
  if [[ " $PEERS " == *" kestrel "* ]]; then PARTS=kestrel bash "$WORK/peers/run-limit.sh"; fi
done

if [ "$SOAK" -gt 0 ]; then
  echo "## soak: ${SOAK}s at c=64"
  # Credentials expire during the soak and are purged as they would be in a long run: tokenIds and
  # refresh tokens live a minute, expired ones are kept for none and purged every 10 s, so the
  # store's size reaches its steady state (issuance = expiry) within the soak.
  start_broker TokenBroker__Sso__RefreshTokenLifetime=00:01:00 \
    TokenBroker__Database__KeepExpiredFor=00:00:00 TokenBroker__Database__PurgeInterval=00:00:10
  setup_broker
  # Every route that writes or signs takes turns (bench/wrk/soak.lua), so memory is watched under all of them.
  soak_rtc=""
  if [ "$RTC_AVAILABLE" = 1 ]; then soak_rtc='{"channelName":"soak","uid":7,"role":"subscriber"}'; fi
  : > "$OUT/soak-rss.tsv"
  ( for _ in $(seq 0 10 "$SOAK"); do
      printf '%s\t%s\t%s\n' "$(date +%s)" "$(awk '/VmRSS/{print $2}' "/proc/$SERVER_PID/status")" \
        "$(du -k -c "$OUT"/bench.db* | awk 'END{print $1}')" >> "$OUT/soak-rss.tsv"; sleep 10
    done ) &
  sampler=$!
  TOKENS_BODY="{\"appId\":\"$APP\",\"endpointId\":\"soak-user\",\"roleId\":\"$ROLE\",\"ttl\":60}" \
    APP_SECRET="$SECRET" APP_TOKEN="$SESSION" RTC_BODY="$soak_rtc" CLIENT_BASIC="$CLIENT_BASIC" \
    SEED_FILE="$OUT/refresh-seed-${CONCS##* }.txt" \
    wrk -t1 -c64 -d"${SOAK}s" --latency -s "$LUA/soak.lua" "$BASE/" > "$OUT/soak-wrk.txt" 2>&1
  wait "$sampler" || true
  stop_server
fi

{
  if [ -n "${BROKER_ENV:-}" ]; then printf 'Broker environment (BROKER_ENV): %s\n\n' "$BROKER_ENV"; fi
  python3 "$ROOT/bench/summarize.py" "$OUT"
} | tee "$OUT/summary.md"
