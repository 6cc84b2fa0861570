/** 科室 / 部门: the live inbox and the task page (签收, 办结, 退回, 延期, 分派到人). */
const roles = ['department']

export default [
  {
    path: '/section/inbox',
    name: 'section-inbox',
    component: () => import('./Inbox.vue'),
    meta: { roles, homeFor: roles, menu: { title: 'section.menu.inbox', icon: 'Tickets', order: 10 } },
  },
  {
    path: '/section/tasks/:id',
    name: 'section-task',
    component: () => import('./TaskPage.vue'),
    props: true,
    meta: { roles, activeMenu: 'section-inbox' },
  },
]
