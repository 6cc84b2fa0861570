// 系统管理 (admin): reference data managed in the product — the routing rules (派单规则).
export default [
  {
    path: '/admin/routing-rules',
    name: 'admin-routing-rules',
    component: () => import('./RoutingRules.vue'),
    meta: { roles: ['admin'], menu: { title: 'admin.menu.routingRules', icon: 'Share', order: 50 } },
  },
]
