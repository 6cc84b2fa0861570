import { ref } from 'vue'

/** One ticking "now" for every countdown on the page (one timer, not one per row). */
export const now = ref(Date.now())
let timer = null
let users = 0

export function useNow() {
  users += 1
  if (!timer) timer = setInterval(() => (now.value = Date.now()), 1000)
  return {
    now,
    release() {
      users -= 1
      if (users <= 0 && timer) {
        clearInterval(timer)
        timer = null
        users = 0
      }
    },
  }
}
