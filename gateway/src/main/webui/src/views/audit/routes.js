// audit workspace (审计): the operation audit log of every service, for the audit administrator alone
// (等保 2.0 三员分立: the system administrator does not read it, the auditor reads nothing else).
export default [
  {
    path: '/audit',
    name: 'audit-log',
    component: () => import('./AuditLog.vue'),
    meta: { roles: ['audit-admin'], homeFor: ['audit-admin'], menu: { title: 'audit.menu.log', icon: 'Document', order: 90 } },
  },
]
