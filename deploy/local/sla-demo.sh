#!/usr/bin/env bash
# The SLA engine on the running system, without waiting days for a deadline: the services' clock
# (deploy/local/huying clock) is moved to Friday 2026-10-09 14:00 Beijing time, the day before the
# make-up working Saturday 10-10 (调休补班 of the National Day holiday), and is moved forward.
#
#   deploy/local/huying reset                                  (if the system ran before: starts empty)
#   HUYING_CLOCK=2026-10-09T13:45+08:00 deploy/local/huying up
#   deploy/local/sla-demo.sh
#
# 凤岭社区 raises two 一般 calls that 金沙街道城管科 must sign for within 1 working day. 城管科
# signs for and completes call A at once; call B is left unsigned. It breaches on Saturday 10-10
# 14:00, a working day only because of 调休 (without it the deadline would be Monday 10-12); the
# ladder escalates it once each: 催办 at 75 %, 督办 at the breach, 通报 to the district one working
# day later (Monday 10-12 14:00, Sunday being off). 城管科's 签收及时率 for the month is compared
# with a count by hand from its inbox. Prints each step; exits non-zero when something differs.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HUYING="$HERE/huying"
# shellcheck source=deploy/local/demo-api.sh
. "$HERE/demo-api.sh"
URBAN=/baiyun/jinsha/sections/urban
START=2026-10-09T14:00:00+08:00

check() { # description expected actual
  if [[ $2 == "$3" ]]; then echo "   ✓ $1: $3"; else echo "   ✗ $1: expected $2, got $3" >&2; exit 1; fi
}
beijing() { TZ=Asia/Shanghai date -d "$1" '+%Y-%m-%d %a %H:%M'; }

now=$(( $(date +%s) + $( [[ -s $HERE/.run/clock ]] && echo $(( $(cat "$HERE/.run/clock") / 1000 )) || echo 0) ))
if (( now >= $(date -d "$START" +%s) )); then
  echo "The services' time is $(beijing "@$now"), not before this scenario's start ($(beijing "$START"))." >&2
  echo "Time only moves forward; start the system shortly before that day's 14:00 instead:" >&2
  echo "  deploy/local/huying reset        (only if the system ran before: it starts empty)" >&2
  echo "  HUYING_CLOCK=2026-10-09T13:45+08:00 deploy/local/huying up" >&2
  exit 1
fi
"$HUYING" clock set "$START" >/dev/null
echo "0. the services' time is $(beijing "$START") (Friday; Saturday 10-10 is a make-up working day)"

fengling=$(token fengling.office); urban=$(token urban.section); ops=$(token baiyun.ops)
[[ -n $fengling && -n $urban && -n $ops ]] || { echo "FAILED: no demo tokens from $KEYCLOAK" >&2; exit 1; }

figure() { # measure -> "numerator/denominator" of 城管科 in 2026-10
  call GET "$SLA/api/sla/assessment?month=2026-10&unit=$URBAN" "$ops" | python3 -c '
import json, sys
units = json.load(sys.stdin)["units"]
f = units[0]["measures"][sys.argv[1]] if units else {"numerator": 0, "denominator": 0}
print("%d/%d" % (f["numerator"], f["denominator"]))' "$1"
}
raise() { # title grid -> call id
  local body
  body=$(call POST "$INTAKE/api/calls" "$fengling" "{\"categoryCode\":\"SR-01\",\"urgency\":\"一般\",\"requestType\":\"投诉\",\"title\":\"$1\",\"description\":\"凤岭路流动摊贩占用人行道，影响通行。\",\"location\":{\"address\":\"金沙街道凤岭社区凤岭路$RANDOM号\",\"gridPath\":\"/baiyun/jinsha/fengling/$2\"},\"channel\":\"GRID_INSPECTION\"}")
  [[ $(field status <<<"$body") == ACCEPTED ]] || {
    echo "FAILED: the call was $(field status <<<"$body"), not ACCEPTED: an open call of an earlier run in the same grid" \
      "absorbed it (重复件合并). Start afresh: deploy/local/huying reset && HUYING_CLOCK=2026-10-09T13:45+08:00 deploy/local/huying up" >&2
    exit 1
  }
  echo "   $(field number <<<"$body") $1" >&2
  field id <<<"$body"
}
echo "1. 凤岭社区 raises two 一般 calls (SR-01 占道经营)"
a=$(raise "A 凤岭路占道经营（将按时签收）" grid-01)
b=$(raise "B 凤岭路占道经营（无人签收）" grid-02)

task_of() { call GET "$RESPONSE/api/tasks?size=100" "$urban" | { grep -o "{\"taskId\":\"[^\"]*\",\"callId\":\"$1\"" || true; } | field taskId; }
sign_for_deadline() { call GET "$RESPONSE/api/tasks/$1" "$urban" | grep -o '"signFor":{[^}]*}' | field deadline; }
has_deadline() { local t; t=$(task_of "$1"); [[ -n $t && -n $(sign_for_deadline "$t") ]]; }
await "call B's task and its deadline reaching 城管科's inbox" has_deadline "$b"
await "call A's task and its deadline reaching 城管科's inbox" has_deadline "$a"
ta=$(task_of "$a"); tb=$(task_of "$b")
echo "2. 城管科's inbox shows both tasks with their 签收 deadline"
check "B's 签收 deadline (1 working day: Fri 14:00–17:30, then the make-up Saturday from 09:00)" \
  "2026-10-10 Sat 14:00" "$(beijing "$(sign_for_deadline "$tb")")"

clocks() { # call id -> "CLOCK STANDING STATUS DEADLINE" lines
  call GET "$SLA/api/sla/calls/$1/clocks" "$ops" | python3 -c '
import json, sys
for c in json.load(sys.stdin):
    print(c["clock"], c["standing"], c["status"], c.get("deadline") or "")'
}
echo "3. the ops board (baiyun.ops): call B's clocks"
clocks "$b" | sed 's/^/   /'
check "B's SIGN_FOR clock" "ON_TRACK" "$(clocks "$b" | awk '$1 == "SIGN_FOR" { print $2 }')"

echo "4. 城管科 signs for A and completes it; 凤岭社区 verifies it"
call POST "$RESPONSE/api/tasks/$ta/sign-for" "$urban" >/dev/null
call POST "$RESPONSE/api/tasks/$ta/complete" "$urban" '{"result":"已清理占道摊点","evidence":["https://files.example.gov.cn/huying/after.jpg"]}' >/dev/null
verification_open() { call GET "$FEEDBACK/api/verifications?status=OPEN" "$fengling" | grep -q "\"callId\":\"$a\""; }
await "A's verification opening" verification_open
call POST "$FEEDBACK/api/verifications/$a" "$fengling" '{"resolved":true,"satisfaction":"满意","comment":"已解决"}' >/dev/null
a_closed() { [[ $(call GET "$INTAKE/api/calls/$a" "$fengling" | field status) == CLOSED ]]; }
await "call A closing" a_closed
echo "   A is CLOSED"

steps() { # call id label -> how many timeline steps carry that label
  call GET "$INTAKE/api/calls/$1" "$fengling" | grep -o "\"label\":\"$2\"" | wc -l | tr -d ' '
}
sign_for_state() { clocks "$b" | awk '$1 == "SIGN_FOR" { print $2 }'; }
state_is() { [[ $(sign_for_state) == "$1" ]]; }
steps_are() { [[ $(steps "$b" "$1") == "$2" ]]; }

"$HUYING" clock set 2026-10-10T13:00:00+08:00 | sed 's/^\[huying\]/5./'
await "B's SIGN_FOR clock at risk" state_is AT_RISK
await "催办 on B's timeline" steps_are 催办 1
check "B's SIGN_FOR clock (75 % of the working day used)" AT_RISK "$(sign_for_state)"
check "催办 steps on B's timeline" 1 "$(steps "$b" 催办)"

"$HUYING" clock set 2026-10-10T14:00:30+08:00 | sed 's/^\[huying\]/6./'
await "B's SIGN_FOR clock breached" state_is BREACHED
await "督办 on B's timeline" steps_are 督办 2
check "B's SIGN_FOR clock" BREACHED "$(sign_for_state)"
check "签收超时 steps on B's timeline" 1 "$(steps "$b" 签收超时)"
check "督办 steps on B's timeline (城管科 and 金沙街道's dispatchers)" 2 "$(steps "$b" 督办)"
check "B in 城管科's breach list" 1 "$(call GET "$SLA/api/sla/breaches?unit=$URBAN&size=100" "$ops" | grep -o "\"callId\":\"$b\"" | sort -u | wc -l | tr -d ' ')"
check "B's task in 城管科's inbox" BREACHED "$(call GET "$RESPONSE/api/tasks/$tb" "$urban" | grep -o '"signFor":{[^}]*}' | field state)"

"$HUYING" clock set 2026-10-12T13:59:00+08:00 | sed 's/^\[huying\]/7./'
sleep 2
check "通报 steps before Monday 14:00" 0 "$(steps "$b" 通报)"
"$HUYING" clock set 2026-10-12T14:00:30+08:00 | sed 's/^\[huying\]/8./'
await "通报 on B's timeline" steps_are 通报 1
sleep 2
check "通报 steps on B's timeline (to 白云区, once)" 1 "$(steps "$b" 通报)"
check "催办 / 督办 steps still" "1/2" "$(steps "$b" 催办)/$(steps "$b" 督办)"
echo "   B's timeline:"
call GET "$INTAKE/api/calls/$b" "$fengling" | python3 -c '
import json, sys
from datetime import datetime, timedelta
for s in json.load(sys.stdin)["timeline"]:
    at = (datetime.fromisoformat(s["at"].replace("Z", "+00:00")) + timedelta(hours=8)).strftime("%m-%d %a %H:%M")
    print("     %s  %-6s %-32s %s" % (at, s["label"], s.get("unitPath") or "", s.get("note") or ""))'

echo "9. the assessment (考核) of 城管科 for 2026-10 against a count by hand from its inbox"
echo "   城管科's tasks (every task dispatched to it this month; the demo data's too), as the inbox shows them:"
inbox=$(call GET "$RESPONSE/api/tasks?size=100" "$urban")
python3 -c '
import json, sys
for t in json.load(sys.stdin)["items"]:
    print("     %s %-5s %-10s 签收 %s" % (t["number"], t["role"], t["status"], (t.get("signFor") or {}).get("state")))' <<<"$inbox"
counted=$(python3 -c '
import json, sys
from datetime import datetime, timedelta
tasks = [t for t in json.load(sys.stdin)["items"]
         if (datetime.fromisoformat(t["dispatchedAt"].replace("Z", "+00:00")) + timedelta(hours=8)).strftime("%Y-%m") == "2026-10"]
states = [(t.get("signFor") or {}).get("state") for t in tasks]
print("%d/%d" % (states.count("MET"), states.count("MET") + states.count("BREACHED")))' <<<"$inbox")
check "签收及时率: signed in time / signed or past the deadline, counted from the inbox" "$counted" "$(figure SIGN_FOR_ON_TIME)"
trace=$(call GET "$SLA/api/sla/assessment/calls?month=2026-10&unit=$URBAN&measure=SIGN_FOR_ON_TIME&size=100" "$ops")
counted_as() { python3 -c 'import json,sys; print(",".join(str(c["counted"]).lower() for c in json.load(sys.stdin)["items"] if c["callId"] == sys.argv[1]))' "$1" <<<"$trace"; }
check "A behind the figure, in the numerator" true "$(counted_as "$a")"
check "B behind the figure, in the denominator only" false "$(counted_as "$b")"
echo "done: the make-up Saturday deadline, the breach, one 催办 / 督办 / 通报 each, and the month's figure as counted"
