export default [
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('./ForbiddenPage.vue'),
    meta: { public: true },
  },
  {
    path: '/welcome',
    name: 'welcome',
    component: () => import('./WelcomePage.vue'),
    meta: { public: true },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./NotFoundPage.vue'),
    meta: { public: true },
  },
]
