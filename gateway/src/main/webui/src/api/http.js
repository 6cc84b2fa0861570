/**
 * The one way the console talks to the gateway. Same-origin requests carry the session cookie;
 * state-changing ones also carry the CSRF token the gateway sets in a readable cookie. A 401
 * sends the browser to the gateway's login and back to the same page; problem+json answers
 * become an ApiError the views show with errors.js.
 */

// The gateway's double-submit CSRF pair (see gateway/src/main/java, helper H1): a readable cookie,
// echoed back in a header on POST/PUT/PATCH/DELETE.
export const CSRF_COOKIE = 'XSRF-TOKEN'
export const CSRF_HEADER = 'X-XSRF-TOKEN'

export class ApiError extends Error {
  constructor({ status, title, detail, type, violations, instance }) {
    super(detail || title || `HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.title = title || ''
    this.detail = detail || ''
    this.type = type || ''
    this.instance = instance || ''
    this.violations = Array.isArray(violations) ? violations.map((v) => ({ field: v.field, message: v.message })) : []
  }

  /** The problem type's slug: https://huying.io/problems/<slug> → <slug>. */
  get slug() {
    return this.type ? this.type.substring(this.type.lastIndexOf('/') + 1) : ''
  }

  /** The message of the violation naming this field (or a field below it, e.g. location.address). */
  fieldMessage(field) {
    const v = this.violations.find((x) => x.field === field || x.field?.endsWith('.' + field))
    return v ? v.message : ''
  }
}

function readCookie(name) {
  const hit = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(name + '='))
  return hit ? decodeURIComponent(hit.substring(name.length + 1)) : null
}

function csrfHeaders() {
  const token = readCookie(CSRF_COOKIE)
  return token ? { [CSRF_HEADER]: token } : {}
}

export function currentPath() {
  return window.location.pathname + window.location.search + window.location.hash
}

let redirecting = false
/** Back to the gateway's login, which returns to the page the user was on. */
export function toLogin() {
  if (redirecting) return
  redirecting = true
  window.location.assign('/login?redirect=' + encodeURIComponent(currentPath()))
}

function query(params) {
  if (!params) return ''
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x))
    else q.append(k, v)
  }
  const s = q.toString()
  return s ? '?' + s : ''
}

async function problemOf(response) {
  const type = response.headers.get('content-type') || ''
  let body = null
  if (type.includes('json')) {
    try {
      body = await response.json()
    } catch {
      body = null
    }
  }
  return new ApiError({
    status: response.status,
    title: body?.title || response.statusText,
    detail: body?.detail,
    type: body?.type,
    violations: body?.violations,
    instance: body?.instance,
  })
}

async function request(method, url, { body, params, headers = {}, idempotencyKey } = {}) {
  const h = { Accept: 'application/json, application/problem+json', ...headers }
  if (method !== 'GET' && method !== 'HEAD') Object.assign(h, csrfHeaders())
  if (idempotencyKey) h['Idempotency-Key'] = idempotencyKey
  let payload
  if (body !== undefined) {
    h['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  let response
  try {
    response = await fetch(url + query(params), { method, headers: h, body: payload, credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError({ status: 0, title: 'network', detail: e.message })
  }
  if (response.status === 401) {
    toLogin()
    throw new ApiError({ status: 401, title: 'Unauthorized' })
  }
  if (!response.ok) throw await problemOf(response)
  if (response.status === 204) return null
  const type = response.headers.get('content-type') || ''
  if (type.includes('json')) return response.json()
  return response.text()
}

/** A fresh Idempotency-Key, one per form submission (kept while the same form is retried). */
export function newIdempotencyKey() {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`
}

export const api = {
  get: (url, params) => request('GET', url, { params }),
  post: (url, body, opts = {}) => request('POST', url, { body, ...opts }),
  put: (url, body, opts = {}) => request('PUT', url, { body, ...opts }),
  delete: (url, opts = {}) => request('DELETE', url, opts),

  /** Multipart upload (part `file`); resolves with the server's answer (a FileRef). */
  upload(url, file, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest()
      xhr.open('POST', url)
      xhr.withCredentials = true
      xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
      for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v)
      if (onProgress) {
        xhr.upload.onprogress = (e) => {
          if (e.lengthComputable) onProgress(Math.round((e.loaded * 100) / e.total))
        }
      }
      xhr.onload = () => {
        let body = null
        try {
          body = xhr.responseText ? JSON.parse(xhr.responseText) : null
        } catch {
          body = null
        }
        if (xhr.status === 401) {
          toLogin()
          reject(new ApiError({ status: 401, title: 'Unauthorized' }))
        } else if (xhr.status >= 200 && xhr.status < 300) {
          resolve(body)
        } else {
          reject(new ApiError({ status: xhr.status, title: body?.title || xhr.statusText, detail: body?.detail, type: body?.type, violations: body?.violations }))
        }
      }
      xhr.onerror = () => reject(new ApiError({ status: 0, title: 'network', detail: 'upload failed' }))
      const form = new FormData()
      form.append('file', file, file.name)
      xhr.send(form)
    })
  },
}

/** A URL the browser may open or download directly (the session cookie authorises it). */
export function downloadUrl(url, params) {
  return url + query(params)
}

/**
 * A Server-Sent Events stream through the gateway. Read with fetch (same-origin credentials) so
 * that every named event reaches onEvent(name, data) and a 401 goes to login; reconnects with
 * back-off after errors and when the server closes. Returns { close() }.
 */
export function openStream(url, { onEvent, onError, onOpen } = {}) {
  let closed = false
  let controller = null
  let delay = 1000
  let timer = null

  function dispatch(name, lines) {
    if (!lines.length) return
    const raw = lines.join('\n')
    let data = raw
    try {
      data = JSON.parse(raw)
    } catch {
      /* plain text event */
    }
    try {
      onEvent?.(name || 'message', data)
    } catch (e) {
      console.error('stream handler failed', e)
    }
  }

  async function connect() {
    if (closed) return
    controller = new AbortController()
    try {
      const response = await fetch(url, {
        headers: { Accept: 'text/event-stream' },
        credentials: 'same-origin',
        signal: controller.signal,
        cache: 'no-store',
      })
      if (response.status === 401) {
        toLogin()
        return
      }
      if (!response.ok || !response.body) throw new ApiError({ status: response.status, title: response.statusText })
      delay = 1000
      onOpen?.()
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      let name = ''
      let data = []
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += value
        let nl
        while ((nl = buffer.search(/\r\n|\n|\r/)) >= 0) {
          const line = buffer.substring(0, nl)
          buffer = buffer.substring(nl + (buffer.startsWith('\r\n', nl) ? 2 : 1))
          if (line === '') {
            dispatch(name, data)
            name = ''
            data = []
          } else if (line.startsWith(':')) {
            // comment (heartbeat)
          } else {
            const colon = line.indexOf(':')
            const field = colon < 0 ? line : line.substring(0, colon)
            let val = colon < 0 ? '' : line.substring(colon + 1)
            if (val.startsWith(' ')) val = val.substring(1)
            if (field === 'event') name = val
            else if (field === 'data') data.push(val)
          }
        }
      }
      if (!closed) schedule()
    } catch (e) {
      if (closed || e?.name === 'AbortError') return
      onError?.(e)
      schedule()
    }
  }

  function schedule() {
    if (closed) return
    clearTimeout(timer)
    timer = setTimeout(connect, delay)
    delay = Math.min(delay * 2, 30000)
  }

  connect()
  return {
    close() {
      closed = true
      clearTimeout(timer)
      controller?.abort()
    },
  }
}
