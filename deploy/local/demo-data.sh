#!/usr/bin/env bash
# Demo calls for a fresh `deploy/local/huying up`: a few calls raised by the demo offices of
# 金沙街道, through the public API with real tokens. Fixed Idempotency-Keys make it safe to run
# again: a second run returns the same calls instead of raising new ones.
set -euo pipefail

# shellcheck source=deploy/local/demo-api.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/demo-api.sh"

raise() { # user key body
  local answer
  answer=$(curl -s -w '\n%{http_code}' -X POST "$INTAKE/api/calls" -H "Authorization: Bearer $2" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: $3" -d "$4")
  local code=${answer##*$'\n'} body=${answer%$'\n'*}
  if [[ $code != 201 ]]; then
    echo "demo call $3 as $1 failed: HTTP $code $body" >&2
    return 1
  fi
  printf '  %-16s %s  %s\n' "$1" "$(sed -n 's/.*"number":"\([^"]*\)".*/\1/p' <<<"$body")" \
    "$(sed -n 's/.*"status":"\([^"]*\)".*/\1/p' <<<"$body")"
}

fengling=$(token fengling.office)
pingle=$(token pingle.office)
jinsha=$(token jinsha.office)
[[ -n $fengling && -n $pingle && -n $jinsha ]] || { echo "could not get demo tokens from $KEYCLOAK" >&2; exit 1; }

echo "Demo calls (raiser, number, status):"
raise fengling.office "$fengling" demo-data-fengling-1 '{"categoryCode":"GS-01","urgency":"一般","requestType":"求助","title":"凤岭路路灯不亮","description":"凤岭路口两盏路灯连续三晚不亮，居民夜间出行不便，请尽快维修。","location":{"address":"金沙街道凤岭社区凤岭路3号对面","gridPath":"/baiyun/jinsha/fengling/grid-01","latitude":23.2101,"longitude":113.2702},"reporter":{"name":"李女士","phone":"13800138000"},"channel":"GRID_INSPECTION"}'
raise fengling.office "$fengling" demo-data-fengling-2 '{"categoryCode":"XF-02","urgency":"紧急","requestType":"举报","title":"楼道内电动车违规充电","description":"凤岭花园5栋一楼楼道停放多辆电动自行车并飞线充电，存在火灾隐患。","location":{"address":"金沙街道凤岭社区凤岭花园5栋","gridPath":"/baiyun/jinsha/fengling/grid-02"},"attachments":["https://files.example.gov.cn/huying/demo/xf-02.jpg"],"channel":"GRID_INSPECTION"}'
raise pingle.office "$pingle" demo-data-pingle-1 '{"categoryCode":"ZY-02","urgency":"一般","requestType":"投诉","title":"平乐广场夜间广场舞噪音","description":"平乐广场每晚21点后仍有广场舞音响，音量较大，影响周边居民休息。","location":{"address":"金沙街道平乐社区平乐广场","gridPath":"/baiyun/jinsha/pingle/grid-01"},"reporter":{"name":"张先生","phone":"13912345678"},"channel":"HOTLINE_12345"}'
raise jinsha.office "$jinsha" demo-data-jinsha-1 '{"categoryCode":"WJ-01","urgency":"紧急","requestType":"举报","title":"平乐社区天台违法搭建","description":"平乐社区8号楼天台正在搭建彩钢板房，需区住建部门核查处置。","location":{"address":"金沙街道平乐社区平乐路8号","gridPath":"/baiyun/jinsha/pingle/grid-02"},"channel":"WALK_IN"}'
