// 系统管理 (admin): reference data managed in the product — the org tree (组织架构), the category catalogue (派单目录), the routing rules
// (派单规则), the SLA policy (时限标准) and the working calendars (工作日历).
export default [
  {
    path: '/admin/org',
    name: 'admin-org',
    component: () => import('./OrgTree.vue'),
    meta: { roles: ['admin'], menu: { title: 'admin.menu.org', icon: 'OfficeBuilding', order: 48 } },
  },
  {
    path: '/admin/catalogue',
    name: 'admin-catalogue',
    component: () => import('./Catalogue.vue'),
    meta: { roles: ['admin'], menu: { title: 'admin.menu.catalogue', icon: 'Files', order: 49 } },
  },
  {
    path: '/admin/routing-rules',
    name: 'admin-routing-rules',
    component: () => import('./RoutingRules.vue'),
    meta: { roles: ['admin'], menu: { title: 'admin.menu.routingRules', icon: 'Share', order: 50 } },
  },
  {
    path: '/admin/sla-policy',
    name: 'admin-sla-policy',
    component: () => import('./SlaPolicy.vue'),
    meta: { roles: ['admin'], menu: { title: 'admin.menu.slaPolicy', icon: 'Timer', order: 51 } },
  },
  {
    path: '/admin/calendars',
    name: 'admin-calendars',
    component: () => import('./WorkCalendar.vue'),
    meta: { roles: ['admin'], menu: { title: 'admin.menu.calendars', icon: 'Calendar', order: 52 } },
  },
]
