/**
 * 社区 / 街道 office: raise calls, follow them, verify their results (核查). 网格员 (grid-worker) and
 * 巡防 (patrol) raise in the field and follow the calls they raised; their landing page is the raise page.
 */
const roles = ['community-office', 'street-office']
const field = ['grid-worker', 'patrol']
const raisers = [...roles, ...field]

export default [
  {
    path: '/office/raise',
    name: 'office-raise',
    component: () => import('./RaiseCall.vue'),
    meta: { roles: raisers, homeFor: field, menu: { title: 'office.menu.raise', icon: 'EditPen', order: 10 } },
  },
  {
    path: '/office/calls',
    name: 'office-calls',
    component: () => import('./MyCalls.vue'),
    meta: { roles: raisers, homeFor: roles, menu: { title: 'office.menu.calls', icon: 'Tickets', order: 20 } },
  },
  {
    path: '/office/calls/:id',
    name: 'office-call',
    component: () => import('./CallPage.vue'),
    props: true,
    meta: { roles: raisers, activeMenu: 'office-calls' },
  },
  {
    path: '/office/verifications',
    name: 'office-verifications',
    component: () => import('./Verifications.vue'),
    meta: { roles, menu: { title: 'office.menu.verifications', icon: 'Checked', order: 30 } },
  },
]
