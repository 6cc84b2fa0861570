import { ref, onMounted, onBeforeUnmount } from 'vue'
import { openStream } from './api/http'

/**
 * Keeps a page fresh: listens to an SSE stream when the service offers one, and otherwise (404,
 * or while the stream is down) calls refresh every `every` ms while the page is visible.
 * Returns { live } (true while the stream is open).
 */
export function useLiveRefresh(streamUrl, refresh, { every = 5000, onEvent } = {}) {
  const live = ref(false)
  let stream = null
  let timer = null

  function tick() {
    if (!live.value && document.visibilityState === 'visible') refresh()
  }

  onMounted(() => {
    if (streamUrl) {
      stream = openStream(typeof streamUrl === 'function' ? streamUrl() : streamUrl, {
        onOpen: () => (live.value = true),
        onEvent: (name, data) => (onEvent ? onEvent(name, data) : refresh()),
        onError: (e) => {
          live.value = false
          if (e?.status === 404 || e?.status === 405 || e?.status === 501) {
            stream?.close()
            stream = null
          }
        },
      })
    }
    timer = setInterval(tick, every)
    document.addEventListener('visibilitychange', onVisible)
  })

  function onVisible() {
    if (document.visibilityState === 'visible') refresh()
  }

  onBeforeUnmount(() => {
    stream?.close()
    clearInterval(timer)
    document.removeEventListener('visibilitychange', onVisible)
  })

  return { live }
}

/** Whether the screen is phone-sized (at most 768 px wide), kept up to date as it turns or resizes. */
export function useNarrow() {
  const query = window.matchMedia('(max-width: 768px)')
  const narrow = ref(query.matches)
  const changed = (e) => (narrow.value = e.matches)
  onMounted(() => query.addEventListener('change', changed))
  onBeforeUnmount(() => query.removeEventListener('change', changed))
  return narrow
}
