import { reactive, computed } from 'vue'
import { api } from '../api/http'

/** The signed-in user, from the gateway's GET /api/me. */
export const session = reactive({
  loaded: false,
  user: null, // { username, name, roles: [...], unit: {path, name, level}, locale }
  error: null,
})

let loading = null

export function loadSession(force = false) {
  if (loading && !force) return loading
  loading = api
    .get('/api/me')
    .then((me) => {
      session.user = me
      session.error = null
      return me
    })
    .catch((e) => {
      session.error = e
      session.user = null
      throw e
    })
    .finally(() => {
      session.loaded = true
    })
  return loading
}

export function hasRole(role) {
  return !!session.user?.roles?.includes(role)
}

export function hasAnyRole(roles) {
  if (!roles || roles.length === 0) return true
  return roles.some(hasRole)
}

export const unit = computed(() => session.user?.unit ?? null)
export const roles = computed(() => session.user?.roles ?? [])

/** Whether the path lies in the user's unit or below it (org paths are prefixes). */
export function inMyUnit(path) {
  const mine = session.user?.unit?.path
  if (!mine || !path) return false
  return path === mine || path.startsWith(mine.endsWith('/') ? mine : mine + '/')
}

/** 网格员 / 巡防: raises calls in the field and follows its own; no office role. */
export const inTheField = computed(() => {
  const r = session.user?.roles || []
  return (r.includes('grid-worker') || r.includes('patrol')) && !r.includes('community-office') && !r.includes('street-office')
})
