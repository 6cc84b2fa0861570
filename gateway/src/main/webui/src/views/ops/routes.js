// ops workspace (时限监督): the SLA board, the live breach list, the monthly 考核 ranking.
const roles = ['ops', 'admin']

export default [
  {
    path: '/ops',
    redirect: '/ops/board',
  },
  {
    path: '/ops/board',
    name: 'ops-board',
    component: () => import('./BoardView.vue'),
    meta: { roles, homeFor: ['ops', 'admin'], menu: { title: 'ops.menu.board', icon: 'DataBoard', order: 40 } },
  },
  {
    path: '/ops/breaches',
    name: 'ops-breaches',
    component: () => import('./BreachesView.vue'),
    meta: { roles, menu: { title: 'ops.menu.breaches', icon: 'WarningFilled', order: 41 } },
  },
  {
    path: '/ops/ranking',
    name: 'ops-ranking',
    component: () => import('./RankingView.vue'),
    meta: { roles, menu: { title: 'ops.menu.ranking', icon: 'Histogram', order: 42 } },
  },
]
