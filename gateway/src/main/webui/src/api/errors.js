import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { t, te } from '../i18n'
import { ApiError } from './http'

/**
 * How an error reads in the user's language: the problem's kind (known slugs and statuses are
 * translated) followed by the server's detail as it is.
 */
export function describe(error) {
  if (!(error instanceof ApiError)) return t('common.problem.unexpected') + (error?.message ? ': ' + error.message : '')
  const slugKey = `common.problem.${error.slug}`
  const statusKey = `common.status.${error.status}`
  const head = error.slug && te(slugKey) ? t(slugKey) : te(statusKey) ? t(statusKey) : error.title || t('common.problem.unexpected')
  const parts = [head]
  if (error.detail && error.detail !== head) parts.push(error.detail)
  let text = parts.join(': ')
  if (error.violations.length > 1) {
    text += ' — ' + error.violations.map((v) => `${fieldLabel(v.field)}: ${v.message}`).join('; ')
  }
  return text
}

function fieldLabel(field) {
  const key = `common.field.${field}`
  return te(key) ? t(key) : field
}

/** Shows the error as a message box line; 401 is already on its way to login, so stays quiet. */
export function showError(error) {
  if (error instanceof ApiError && error.status === 401) return
  console.warn(error)
  ElMessage({ type: 'error', message: describe(error), duration: 6000, showClose: true, grouping: true })
}

export function showSuccess(message) {
  ElMessage({ type: 'success', message, duration: 2500 })
}

/**
 * Field violations of a 400/422 problem as { field: message } for el-form-item :error. A field
 * named with a path (location.address) is also keyed by its last segment (address).
 */
export function fieldErrors(error) {
  const out = {}
  if (!(error instanceof ApiError)) return out
  for (const v of error.violations) {
    if (!v.field) continue
    out[v.field] = v.message
    const last = v.field.split('.').pop().replace(/\[\d+\]$/, '')
    out[last] ??= v.message
  }
  return out
}

/**
 * Field violations of a 400 about a list the user edited (`rules[3].lead`), by item:
 * { byIndex: { 3: [{ field: 'lead', message }] }, other: [{ field, message }] }.
 */
export function violationsByItem(error, list) {
  const byIndex = {}
  const other = []
  const item = new RegExp(`^${list}\\[(\\d+)\\]\\.?(.*)$`)
  for (const v of error?.violations || []) {
    const m = item.exec(v.field || '')
    if (m) (byIndex[m[1]] ??= []).push({ field: m[2], message: v.message })
    else other.push(v)
  }
  return { byIndex, other }
}

/** True when the object is not visible to the user's unit (the views send such users to /forbidden). */
export function isNoAccess(error) {
  return error instanceof ApiError && (error.status === 403 || error.status === 404)
}
