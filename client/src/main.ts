import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n';
import { useSession } from './auth/session';
import './styles.css';

const app = createApp(App).use(createPinia()).use(i18n).use(router);
// an expired session sends the user to sign in again
useSession().$subscribe((_m, s) => {
  if (s.expired && router.currentRoute.value.name !== 'login') router.replace({ name: 'login', query: { next: router.currentRoute.value.fullPath } });
});
app.mount('#app');
