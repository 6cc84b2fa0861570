// Names for category codes (派单目录) and the units a dispatcher may assign, each loaded once per page load.
import { ref } from 'vue'
import { api } from '../../api/http.js'

const categories = ref(new Map())
let categoriesLoading

/** A function naming a category code in the given locale, e.g. 'SR-01' → '占道经营'; the code while the catalogue loads. */
export function useCategoryNames() {
  if (!categoriesLoading) {
    categoriesLoading = api.get('/api/categories').then((view) => {
      const map = new Map()
      for (const group of view.groups || []) {
        for (const c of group.categories || []) {
          map.set(c.code, { name: c.name, nameEn: c.nameEn, group: group.name, groupEn: group.nameEn })
        }
      }
      categories.value = map
    }).catch(() => {
      categoriesLoading = undefined
    })
  }
  return (code, locale) => {
    const c = categories.value.get(code)
    if (!c) return code || ''
    return locale && locale.startsWith('en') ? c.nameEn || c.name : c.name
  }
}

let unitsLoading

/** The units this dispatcher may assign ([{path, name, level}]), loaded once. */
export function assignableUnits() {
  if (!unitsLoading) {
    unitsLoading = api.get('/api/dispatch/units').catch((e) => {
      unitsLoading = undefined
      throw e
    })
  }
  return unitsLoading
}
