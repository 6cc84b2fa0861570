import { currentLocale } from './i18n'

const pad = (n) => String(n).padStart(2, '0')

/** 2026-12-02 15:04 in the browser's time zone (Asia/Shanghai for the users); with seconds, 15:04:05. */
export function formatTime(iso, { seconds = false } = {}) {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const time = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
  return seconds ? `${time}:${pad(d.getSeconds())}` : time
}

/** A duration in ms as "2天3小时" / "2d 3h", "45分" / "45m", never negative. */
export function formatDuration(ms) {
  const zh = currentLocale() === 'zh-CN'
  let s = Math.max(0, Math.floor(Math.abs(ms) / 1000))
  const d = Math.floor(s / 86400)
  s -= d * 86400
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  if (d > 0) return zh ? `${d}天${h}小时` : `${d}d ${h}h`
  if (h > 0) return zh ? `${h}小时${m}分` : `${h}h ${m}m`
  return zh ? `${m}分${pad(s)}秒` : `${m}m ${pad(s)}s`
}

export function formatSize(bytes) {
  if (bytes == null) return ''
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  const mb = bytes / 1024 / 1024
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`
}
