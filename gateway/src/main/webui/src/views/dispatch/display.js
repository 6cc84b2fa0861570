// Display pieces the dispatch and ops views share.

/** Urgency, most urgent first: 特急, 紧急, 一般. */
export const URGENCY_ORDER = { CRITICAL: 0, URGENT: 1, ROUTINE: 2 }

/** Element Plus tag type per urgency. */
export const URGENCY_TAG = { CRITICAL: 'danger', URGENT: 'warning', ROUTINE: 'info' }

/** Whether a text is a call id (UUID). */
export function isUuid(text) {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text || '')
}

/**
 * Directive: puts data-* attributes on the table row (<tr>) around the element, so that browser tests
 * can address an Element Plus table row (el-table has no per-row attributes).
 * Usage: <span v-row-attrs="{ test: 'queue-row', callId: row.callId }" />
 */
export const vRowAttrs = {
  mounted: applyRowAttrs,
  updated: applyRowAttrs,
}

function applyRowAttrs(el, binding) {
  const tr = el.closest('tr')
  if (!tr) return
  for (const [key, value] of Object.entries(binding.value || {})) {
    tr.dataset[key] = value
  }
}
