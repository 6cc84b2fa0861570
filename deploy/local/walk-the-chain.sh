#!/usr/bin/env bash
# Walks one call through the whole chain on a running system (deploy/local/huying up), as the
# demo users would: 凤岭社区 raises it, 金沙街道城管科 signs for it and completes it, 凤岭社区
# verifies it and the call is closed. Prints each step; exits non-zero if a step fails.
set -euo pipefail

# shellcheck source=deploy/local/demo-api.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/demo-api.sh"

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
