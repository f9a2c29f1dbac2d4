// Names for the ids the console handles: districts (from /api/config), organisations (from /api/routing-rules),
// roles, times — in the screen's language.
import { computed, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { loadConfig, type CentreConfig } from '../api/config';
import { routing, type Organisation, type RoutingRule } from './api';
import { failure, formatAt, nameIn, type Locale, type Named } from './model';
import { setOrganisations } from '../i18n/names';
import { categoryName, spheres } from '../i18n';

const config = ref<CentreConfig | null>(null);
const orgs = ref<Organisation[]>([]);
const rules = ref<RoutingRule[]>([]);
let loading: Promise<void> | null = null;

/** Loads them again (after a change to the rules or the organisations); the whole client's names follow. */
export function reloadNames(): Promise<void> {
  loading = null;
  return loadNames().then(() => setOrganisations(orgs.value.map((o) => ({ ...o, name_kk: o.name_kk ?? o.name_ru }))));
}

/** Loads the districts and organisations once; a failure is thrown (and the next call tries again). */
export function loadNames(): Promise<void> {
  loading ??= Promise.all([loadConfig(), routing()]).then(
    ([c, r]) => {
      config.value = c;
      orgs.value = r.organisations;
      rules.value = r.rules;
    },
    (e) => {
      loading = null;
      throw e;
    },
  );
  return loading;
}

export function useNames() {
  const { locale, t, te } = useI18n();
  const l = computed(() => locale.value as Locale);
  const districts = computed(() => (config.value?.districts.features ?? []).map((f) => ({ id: f.properties.id, name: nameIn(f.properties, l.value) })));
  const organisations = computed(() =>
    orgs.value.map((o) => ({ ...o, name: nameIn(o, l.value) })).sort((a, b) => a.name.localeCompare(b.name, l.value)),
  );
  const district = (id: string | null | undefined) => (id ? (districts.value.find((d) => d.id === id)?.name ?? id) : '—');
  const districtList = (ids: string[] | null | undefined) => (ids == null ? t('admin.common.wholeCity') : ids.map(district).join(', '));
  const org = (id: string) => {
    const o = orgs.value.find((x) => x.id === id);
    return o ? nameIn(o, l.value) : id;
  };
  const role = (r: string | null | undefined) => (!r ? '—' : te(`admin.roles.${r}`) ? t(`admin.roles.${r}`) : r === 'system' ? t('admin.common.system') : r);
  const at = (iso: string | null | undefined) => formatAt(iso, l.value);
  const fail = (e: unknown) => {
    const f = failure(e);
    return 'text' in f ? f.text : t(`admin.errors.${f.key}`, { status: f.status ?? '' });
  };
  /** a rule's category: a category, a whole sphere or any */
  const category = (c: string) => {
    if (c === '*') return t('admin.routing.anyCategory');
    if (c.endsWith('.*')) {
      const s = spheres.find((x) => x.id === c.slice(0, -2));
      return s ? t('admin.routing.sphereAll', { sphere: nameIn(s as Named, l.value) }) : c;
    }
    return categoryName(c);
  };
  /** a rule's executor: an organisation, or the akimat of the appeal's district */
  const executor = (o: string) => (o === 'district' ? t('admin.routing.districtAkimat') : org(o));
  /** "Heating: every category · whole city → Teplotranzit" */
  const rule = (r: { category?: unknown; district?: unknown; org?: unknown }) =>
    `${category(String(r.category))} · ${r.district ? district(String(r.district)) : t('admin.routing.wholeCity')} → ${executor(String(r.org))}`;
  return { fail, locale: l, districts, organisations, rules, district, districtList, org, role, at, category, executor, rule };
}
