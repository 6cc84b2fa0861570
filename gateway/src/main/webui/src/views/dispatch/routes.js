// 调度员 workspace (综治中心): case-acceptance review, the manual queue, a call's tasks, extension approvals.
export default [
  {
    path: '/dispatch',
    redirect: '/dispatch/queue',
  },
  {
    path: '/dispatch/review',
    name: 'dispatch-review',
    component: () => import('./ReviewView.vue'),
    meta: { roles: ['dispatcher'], menu: { title: 'dispatch.menu.review', icon: 'Stamp', order: 29 } },
  },
  {
    path: '/dispatch/queue',
    name: 'dispatch-queue',
    component: () => import('./QueueView.vue'),
    meta: { roles: ['dispatcher'], homeFor: ['dispatcher'], menu: { title: 'dispatch.menu.queue', icon: 'Files', order: 30 } },
  },
  {
    path: '/dispatch/extensions',
    name: 'dispatch-extensions',
    component: () => import('./ExtensionsView.vue'),
    meta: { roles: ['dispatcher'], menu: { title: 'dispatch.menu.extensions', icon: 'Timer', order: 31 } },
  },
  {
    path: '/dispatch/calls/:id',
    name: 'dispatch-call',
    component: () => import('./CallView.vue'),
    props: true,
    meta: { roles: ['dispatcher'] },
  },
]
