#!/usr/bin/env bash
# Walks one call through the whole chain on a running system (deploy/local/huying up), as the
# demo users would: 凤岭社区 raises it, 金沙街道城管科 signs for it and completes it, 凤岭社区
# verifies it and the call is closed. Prints each step; exits non-zero if a step fails.
set -euo pipefail

KEYCLOAK=${HUYING_OIDC_URL:-http://127.0.0.1:8180/realms/huying}
INTAKE=http://127.0.0.1:8081 DISPATCH=http://127.0.0.1:8082 RESPONSE=http://127.0.0.1:8083 FEEDBACK=http://127.0.0.1:8084

token() {
  curl -sf -d grant_type=password -d client_id=huying-cli -d "username=$1" -d password=huying-demo \
    "$KEYCLOAK/protocol/openid-connect/token" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}
field() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | sed 's/.*:"\(.*\)"/\1/'; }  # the first occurrence
call() { # method url token [body] -> body; fails on a non-2xx answer
  local out code
  out=$(curl -s -w '\n%{http_code}' -X "$1" "$2" -H "Authorization: Bearer $3" -H 'Content-Type: application/json' ${4:+-d "$4"})
  code=${out##*$'\n'}
  [[ $code == 2* ]] || { echo "FAILED: $1 $2 -> HTTP $code ${out%$'\n'*}" >&2; exit 1; }
  printf '%s' "${out%$'\n'*}"
}
await() { # description command... : retries for up to 10 s
  local what=$1; shift
  for _ in $(seq 1 100); do if "$@" >/dev/null 2>&1; then return 0; fi; sleep 0.1; done
  echo "FAILED: $what did not happen within 10 s" >&2; exit 1
}

fengling=$(token fengling.office); urban=$(token urban.section)
echo "1. 凤岭社区 raises a call (呼叫)"
body=$(call POST "$INTAKE/api/calls" "$fengling" "{\"categoryCode\":\"SR-01\",\"urgency\":\"紧急\",\"requestType\":\"投诉\",\"title\":\"凤岭路口流动摊贩占道经营\",\"description\":\"每天傍晚有流动摊贩占用人行道，影响通行。\",\"location\":{\"address\":\"凤岭路$RANDOM号\",\"gridPath\":\"/baiyun/jinsha/fengling/grid-02\"},\"reporter\":{\"name\":\"李女士\",\"phone\":\"13800138000\"},\"channel\":\"GRID_INSPECTION\"}")
id=$(field id <<<"$body"); number=$(field number <<<"$body")
status=$(field status <<<"$body")
echo "   $number ($id) $status"
[[ $status == ACCEPTED ]] || { echo "FAILED: the call was $status (an open duplicate in the same grid absorbed it); close that call first" >&2; exit 1; }

echo "2. dispatch routes it by rule (派遣)"
in_inbox() { call GET "$RESPONSE/api/tasks?size=100" "$urban" | grep -q "\"callId\":\"$id\""; }
await "the task reaching 城管科's inbox" in_inbox
task=$(call GET "$RESPONSE/api/tasks?size=100" "$urban" | grep -o "{\"taskId\":\"[^\"]*\",\"callId\":\"$id\"" | field taskId)
echo "   task $task in 金沙街道城管科's inbox ($(call GET "$DISPATCH/api/dispatch/calls/$id" "$urban" | field ruleId))"

echo "3. 城管科 signs for it (签收), notes progress and completes it (办结)"
call POST "$RESPONSE/api/tasks/$task/sign-for" "$urban" >/dev/null
call POST "$RESPONSE/api/tasks/$task/notes" "$urban" '{"kind":"CONTACTED_CALLER","note":"已电话联系李女士"}' >/dev/null
call POST "$RESPONSE/api/tasks/$task/complete" "$urban" '{"result":"已清理占道摊点，安排每日傍晚巡查","evidence":["https://files.example.gov.cn/huying/after.jpg"]}' | field status | sed "s/^/   /"; echo

echo "4. 凤岭社区 verifies the result (核查) and the call is closed (结案)"
verification_open() { call GET "$FEEDBACK/api/verifications?status=OPEN" "$fengling" | grep -q "\"callId\":\"$id\""; }
await "the verification opening" verification_open
call POST "$FEEDBACK/api/verifications/$id" "$fengling" '{"resolved":true,"satisfaction":"满意","comment":"摊贩已清走"}' | field status | sed "s/^/   /"; echo
echo "done: $number raised, dispatched, signed for, completed, verified and closed"
