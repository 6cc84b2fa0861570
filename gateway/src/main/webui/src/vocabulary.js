/**
 * The domain's Chinese vocabulary and its English. Service answers carry Chinese labels (intake's
 * timeline) or English codes (enums); the console shows either in the user's language.
 */
export const URGENCIES = ['ROUTINE', 'URGENT', 'CRITICAL'] // 一般 紧急 特急
export const REQUEST_TYPES = ['CONSULTATION', 'HELP', 'COMPLAINT', 'SUGGESTION', 'REPORT'] // 咨询 求助 投诉 建议 举报
export const CALL_STATUSES = ['PENDING_REVIEW', 'ACCEPTED', 'MERGED', 'REJECTED', 'QUEUED', 'DISPATCHED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'COMPLETED', 'RETURNED', 'VERIFYING', 'REOPENED', 'CLOSED']

// Longest first, so 协办办结 is replaced before 办结.
const STEP_WORDS = [
  ['待立项审核', 'awaiting acceptance review'],
  ['终审派遣（协办）', 'final-review dispatch (assisting)'], ['重新派遣（协办）', 're-dispatch (assisting)'], ['返工派遣（协办）', 'rework dispatch (assisting)'],
  ['派遣（主办）', 'dispatched (lead)'], ['派遣（协办）', 'dispatched (assisting)'], ['改派（协办）', 'reassigned (assisting)'],
  ['延期不予批准', 'extension refused'], ['待人工派遣', 'queued for manual dispatch'], ['联系来电人', 'contacted the caller'],
  ['协办办结', 'assisting task completed'], ['终审派遣', 'final-review dispatch'], ['重新派遣', 're-dispatched'], ['返工派遣', 'rework dispatch'],
  ['撤销合并', 'unmerged'], ['受理立项', 'accepted after review'], ['立项审核', 'acceptance review'],
  ['不予立项', 'not accepted'], ['处置进展', 'progress'], ['延期批准', 'extension approved'], ['恢复办理', 'resumed'], ['申请延期', 'extension requested'],
  ['自动结案', 'closed automatically'], ['即将超时', 'due soon'], ['退回待派', 'returned, awaiting dispatch'], ['待终审', 'awaiting final review'],
  ['全流程', 'whole call'], ['待核查', 'awaiting verification'],
  ['立项', 'accepted'], ['合并', 'merged'], ['派遣', 'dispatch'], ['改派', 'reassigned'], ['撤回', 'withdrawn'], ['挂起', 'suspended'],
  ['签收', 'signed for'], ['办结', 'completed'], ['退回', 'returned'], ['核查', 'verification'], ['结案', 'closed'], ['返工', 'rework'],
  ['超时', ' overdue'], ['催办', 'urged'], ['督办', 'supervised'], ['通报', 'notice issued'],
  ['第', 'round '], ['轮', ''], ['：', ': '], ['；', '; '],
]

/** A timeline label in the user's language (labels are Chinese at the source). */
export function stepLabel(label, locale) {
  if (!label || locale === 'zh-CN') return label
  let out = label
  for (const [zh, en] of STEP_WORDS) out = out.split(zh).join(en)
  out = out.trim()
  return out.charAt(0).toUpperCase() + out.slice(1)
}
