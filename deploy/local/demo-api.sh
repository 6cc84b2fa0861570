# Helpers of the demo scripts (demo-data.sh, walk-the-chain.sh, sla-demo.sh): tokens of the demo users and calls
# to the running services with curl. Sourced, not run.
KEYCLOAK=${HUYING_OIDC_URL:-http://127.0.0.1:8180/realms/huying}
INTAKE=${HUYING_INTAKE_URL:-http://127.0.0.1:8081} DISPATCH=http://127.0.0.1:8082 RESPONSE=http://127.0.0.1:8083 FEEDBACK=http://127.0.0.1:8084
SLA=http://127.0.0.1:8085

token() { # demo username -> an access token (password grant, client huying-cli)
  curl -sf -d grant_type=password -d client_id=huying-cli -d "username=$1" -d password=huying-demo \
    "$KEYCLOAK/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
field() { { grep -o "\"$1\":\"[^\"]*\"" || true; } | head -1 | sed 's/.*:"\(.*\)"/\1/'; }  # first string field, or ""
call() { # method url token [body] -> body; fails on a non-2xx answer
  local out code
  out=$(curl -s -w '\n%{http_code}' -X "$1" "$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"})
  code=${out##*$'\n'}
  [[ $code == 2* ]] || { echo "FAILED: $1 $2 -> HTTP $code ${out%$'\n'*}" >&2; exit 1; }
  printf '%s' "${out%$'\n'*}"
}
await() { # description command... : retries for up to 15 s
  local what=$1; shift
  for _ in $(seq 1 150); do if "$@" >/dev/null 2>&1; then return 0; fi; sleep 0.1; done
  echo "FAILED: $what did not happen within 15 s" >&2; exit 1
}
