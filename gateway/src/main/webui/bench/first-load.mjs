// Console first load, measured in Debian's Chromium (never a downloaded browser): log in once through
// Keycloak's page, then open the console N times with an empty HTTP cache (a new browser context that
// keeps only the session cookie) and N times with a warm one, and report, per case, the time from
// navigation start until the page shows the user's workspace (the logout button rendered by Vue),
// the load event, and the bytes transferred.
//   node bench/first-load.mjs [--base http://127.0.0.1:8080] [--user fengling.office] [--runs 10]
import { chromium } from 'playwright-core'

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`)
  return i > 0 ? process.argv[i + 1] : fallback
}
const base = arg('base', 'http://127.0.0.1:8080')
const user = arg('user', 'fengling.office')
const runs = Number(arg('runs', '10'))

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
})

async function login() {
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto(base + '/')
  await page.fill('#username', user)
  await page.fill('#password', 'huying-demo')
  await page.click('#kc-login')
  await page.waitForSelector('[data-test="logout"]')
  const state = await context.storageState()
  await context.close()
  return state
}

// Marks, inside the page, the moment the workspace (the logout button) first appears: the figure does
// not include the harness's own polling over the DevTools protocol.
function markShown() {
  new MutationObserver((_, observer) => {
    if (document.querySelector('[data-test="logout"]')) {
      window.__shown = performance.now()
      observer.disconnect()
    }
  }).observe(document, { childList: true, subtree: true })
}

async function measure(page) {
  await page.goto(base + '/', { waitUntil: 'load' })
  await page.waitForSelector('[data-test="logout"]')
  await page.waitForFunction(() => window.__shown !== undefined)
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0]
    const resources = performance.getEntriesByType('resource')
    const bytes = [nav, ...resources].reduce((sum, e) => sum + (e.transferSize || 0), 0)
    const me = resources.find((e) => e.name.endsWith('/api/me'))
    return { shown: window.__shown, load: nav.loadEventEnd, bytes, meEnd: me ? me.responseEnd : NaN, meTook: me ? me.duration : NaN }
  })
}

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)] }
const report = (name, samples) => {
  const shown = samples.map((s) => s.shown)
  const load = samples.map((s) => s.load)
  const bytes = samples.map((s) => s.bytes)
  const meEnd = samples.map((s) => s.meEnd)
  const meTook = samples.map((s) => s.meTook)
  console.log(`${name}: runs ${samples.length}; workspace shown p50 ${pct(shown, 50).toFixed(0)} ms, p90 ${pct(shown, 90).toFixed(0)} ms, `
    + `max ${Math.max(...shown).toFixed(0)} ms; load event p50 ${pct(load, 50).toFixed(0)} ms; transferred p50 ${(pct(bytes, 50) / 1024).toFixed(0)} KiB; `
    + `/api/me answered at p50 ${pct(meEnd, 50).toFixed(0)} ms (took ${pct(meTook, 50).toFixed(0)} ms)`)
}

const state = await login()
const cold = []
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ storageState: state })
  await context.addInitScript(markShown)
  cold.push(await measure(await context.newPage()))
  await context.close()
}
const warmContext = await browser.newContext({ storageState: state })
await warmContext.addInitScript(markShown)
const warmPage = await warmContext.newPage()
await measure(warmPage)
const warm = []
for (let i = 0; i < runs; i++) warm.push(await measure(warmPage))
await browser.close()
report('empty cache', cold)
report('warm cache ', warm)
