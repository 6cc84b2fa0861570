import { reactive } from 'vue'
import { api } from '../api/http'

/** The org tree in force from GET /api/org (intake: {path, code, name, nameEn?, level, children}), loaded once per page load (again after an administrator changed it). */
export const org = reactive({ root: null, byPath: {}, loaded: false, failed: false })

let loading = null
export function loadOrg({ again = false } = {}) {
  if (again) loading = null
  if (!loading) {
    loading = api
      .get('/api/org')
      .then((root) => {
        const index = {}
        const walk = (u, parent) => {
          index[u.path] = { ...u, parent: parent?.path ?? null }
          ;(u.children || []).forEach((c) => walk(c, u))
        }
        // Intake answers the root unit; a list of roots works too.
        ;(Array.isArray(root) ? root : [root]).forEach((r) => r && walk(r, null))
        org.root = root
        org.byPath = index
        org.loaded = true
        return root
      })
      .catch((e) => {
        org.failed = true
        loading = null
        throw e
      })
  }
  return loading
}

export function unitName(path, locale = 'zh-CN') {
  if (!path) return ''
  const u = org.byPath[path]
  if (!u) return path
  return locale !== 'zh-CN' && u.nameEn ? u.nameEn : u.name
}

/** "金沙街道 / 凤岭社区 / 第一网格": the names from the top below the district down to the unit. */
export function unitTrail(path, locale = 'zh-CN', from = 1) {
  if (!path) return ''
  const parts = path.split('/').filter(Boolean)
  const names = []
  for (let i = from; i < parts.length; i++) names.push(unitName('/' + parts.slice(0, i + 1).join('/'), locale))
  return names.join(' / ') || unitName(path, locale)
}

/** Units of a level at or below the given path (e.g. the grids of the user's unit). */
export function unitsBelow(path, level) {
  const prefix = path.endsWith('/') ? path : path + '/'
  return Object.values(org.byPath)
    .filter((u) => (u.path === path || u.path.startsWith(prefix)) && (!level || u.level === level))
    .sort((a, b) => a.path.localeCompare(b.path))
}
