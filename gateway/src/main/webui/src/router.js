import { createRouter, createWebHistory } from 'vue-router'
import { session, loadSession, hasAnyRole } from './stores/session'

/**
 * Routes are assembled from every workspace's src/views/<workspace>/routes.js (default export: an
 * array of routes). A route's meta:
 *   roles:   realm roles that may open it (community-office, street-office, grid-worker, patrol,
 *            dispatcher, department, ops, admin); absent = every signed-in user
 *   menu:    { title: 'i18n.key', icon: 'ElementPlusIconName' | component, order: n } to list it
 *            in the side menu (only for users with one of its roles)
 *   homeFor: roles for which this route is the landing page at '/'
 *   activeMenu: for a detail page, the name of the list route whose menu entry stays highlighted
 *   public:  true for pages shown without the layout's role check (forbidden, not found)
 */
const modules = import.meta.glob('./views/*/routes.js', { eager: true })

export const workspaceRoutes = Object.values(modules)
  .flatMap((m) => m.default || [])
  .filter((r) => r && r.path)

// Landing page per role, in this order when a user holds several roles.
const HOME_ORDER = ['community-office', 'street-office', 'grid-worker', 'patrol', 'department', 'dispatcher', 'ops', 'admin']

export function homeRoute() {
  const roles = session.user?.roles || []
  for (const role of HOME_ORDER) {
    if (!roles.includes(role)) continue
    const r = workspaceRoutes.find((x) => x.meta?.homeFor?.includes(role))
    if (r) return { name: r.name }
  }
  const first = menuRoutes()[0]
  return first ? { name: first.name } : { name: 'welcome' }
}

/** The menu entries the current user may see, ordered. */
export function menuRoutes() {
  return workspaceRoutes
    .filter((r) => r.meta?.menu && r.name && hasAnyRole(r.meta.roles))
    .sort((a, b) => (a.meta.menu.order ?? 100) - (b.meta.menu.order ?? 100))
}

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: { render: () => null } },
    ...workspaceRoutes,
  ],
  scrollBehavior: () => ({ top: 0 }),
})

router.beforeEach(async (to) => {
  if (!session.loaded || (!session.user && !session.error)) {
    try {
      await loadSession()
    } catch {
      // 401 is already on its way to /login; other failures show in the layout.
      if (!session.user) return to.meta?.public ? true : session.error?.status === 401 ? false : true
    }
  }
  if (to.name === 'home') return homeRoute()
  if (to.meta?.public) return true
  const roles = to.matched.flatMap((r) => r.meta?.roles || [])
  if (roles.length && !hasAnyRole(roles)) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  return true
})

/** Sends the user to the friendly "no access" page (also for 403/404 on another unit's object). */
export function toForbidden(from) {
  return router.replace({ name: 'forbidden', query: { from: from ?? router.currentRoute.value.fullPath } })
}
