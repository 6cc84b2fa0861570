import { createI18n } from 'vue-i18n'
import { ref } from 'vue'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import en from 'element-plus/es/locale/lang/en'

/**
 * Messages live in src/locales/<locale>/<namespace>.json and are namespaced by the file name:
 * t('office.raise.title') reads locales/zh-CN/office.json → raise.title. zh-CN is the default,
 * English the second language; the user's choice persists in localStorage.
 */
export const LOCALES = ['zh-CN', 'en']
const STORAGE_KEY = 'huying.locale'

const files = import.meta.glob('./locales/*/*.json', { eager: true, import: 'default' })
const messages = {}
for (const [path, content] of Object.entries(files)) {
  const [, locale, namespace] = path.match(/\.\/locales\/([^/]+)\/([^/]+)\.json$/)
  messages[locale] ??= {}
  messages[locale][namespace] = content
}

function initialLocale() {
  const saved = localStorage.getItem(STORAGE_KEY)
  return LOCALES.includes(saved) ? saved : 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages,
  missingWarn: false,
  fallbackWarn: false,
})

const elementLocales = { 'zh-CN': zhCn, en }
/** Element Plus' own locale, given to <el-config-provider> in App.vue. */
export const elementLocale = ref(elementLocales[i18n.global.locale.value])

export function setLocale(locale) {
  if (!LOCALES.includes(locale)) return
  i18n.global.locale.value = locale
  elementLocale.value = elementLocales[locale]
  localStorage.setItem(STORAGE_KEY, locale)
  document.documentElement.lang = locale
}

export function currentLocale() {
  return i18n.global.locale.value
}

/** Shortcut for code outside components. */
export const t = (...args) => i18n.global.t(...args)
export const te = (...args) => i18n.global.te(...args)

document.documentElement.lang = i18n.global.locale.value
