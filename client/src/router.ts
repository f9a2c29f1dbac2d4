import { createRouter, createWebHistory } from 'vue-router';
import { useSession } from './auth/session';
import { wallTokenFromUrl } from './auth/urlToken';

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'wall', component: () => import('./wall/WallScreen.vue') },
    { path: '/appeals', name: 'appeals', component: () => import('./appeals/AppealsQueue.vue') },
    { path: '/appeals/new', name: 'new-appeal', component: () => import('./appeals/NewAppeal.vue') },
    { path: '/appeals/:id', name: 'appeal', component: () => import('./appeals/AppealCard.vue'), props: true },
    { path: '/problems', name: 'problems', component: () => import('./appeals/ProblemsView.vue') },
    // the citizen's page: public (the token is the credential), without the staff header (meta.bare)
    { path: '/confirm/:token', name: 'confirm', component: () => import('./citizen/ConfirmPage.vue'), props: true, meta: { public: true, bare: true } },
    {
      path: '/admin',
      component: () => import('./admin/AdminLayout.vue'),
      meta: { admin: true },
      children: [
        { path: '', redirect: '/admin/users' },
        { path: 'users', name: 'admin-users', component: () => import('./admin/UsersView.vue') },
        { path: 'wall-tokens', name: 'admin-wall-tokens', component: () => import('./admin/WallTokensView.vue') },
        { path: 'open311-keys', name: 'admin-open311', component: () => import('./admin/Open311KeysView.vue') },
        { path: 'audit', name: 'admin-audit', component: () => import('./admin/AuditView.vue') },
        { path: 'dead-letters', name: 'admin-dead-letters', component: () => import('./admin/DeadLettersView.vue') },
        { path: 'outbox', name: 'admin-outbox', component: () => import('./admin/OutboxView.vue') },
        { path: 'routing', name: 'admin-routing', component: () => import('./admin/RoutingView.vue') },
        { path: 'organisations', name: 'admin-organisations', component: () => import('./admin/OrganisationsView.vue') },
      ],
    },
    { path: '/login', name: 'login', component: () => import('./auth/LoginView.vue'), meta: { public: true } },
    { path: '/:pathMatch(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const session = useSession();
  // a wall-screen link: /?token=… (kiosk mode), only on `/`, only a wall token, only when nobody is signed in
  const withoutToken = await wallTokenFromUrl(to, session);
  if (withoutToken) return withoutToken;
  if (!to.meta.public && !session.signedIn) return { name: 'login', query: { next: to.fullPath } };
  // the admin console only for roles that hold its permissions (the server checks every call anyway)
  if (to.matched.some((r) => r.meta.admin) && !session.can('admin')) return { path: '/' };
  // the wall needs the live feed: an executor or an analyst starts at the appeals instead
  if (to.name === 'wall' && session.user && !session.can('live') && session.can('appeals')) return { path: '/appeals' };
});
