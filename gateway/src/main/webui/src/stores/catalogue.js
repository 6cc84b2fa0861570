import { reactive } from 'vue'
import { api } from '../api/http'

/** The dispatch catalogue (派单目录) from GET /api/categories, loaded once per page load (again after an administrator changed it). */
export const catalogue = reactive({ groups: [], byCode: {}, loaded: false })

let loading = null
export function loadCatalogue({ again = false } = {}) {
  if (again) loading = null
  loading ??= api
    .get('/api/categories')
    .then((c) => {
      catalogue.groups = c.groups || []
      const index = {}
      for (const g of catalogue.groups) for (const e of g.categories || []) index[e.code] = { ...e, group: g }
      catalogue.byCode = index
      catalogue.loaded = true
      return catalogue
    })
    .catch((e) => {
      loading = null
      throw e
    })
  return loading
}

/** "占道经营（流动摊贩）" / "Street vending on public roads" for a code; the code while unknown. */
export function categoryName(code, locale = 'zh-CN') {
  const c = catalogue.byCode[code]
  if (!c) return code || ''
  return locale !== 'zh-CN' && c.nameEn ? c.nameEn : c.name
}
