// The API token, kept in localStorage so owners keep seeing their embargoed dandisets across visits.
import { reactive } from 'vue'

const KEY = 'dandi-stack.api-token'

function stored() {
  try {
    return window.localStorage.getItem(KEY) || ''
  } catch {
    return ''
  }
}

export const session = reactive({ token: stored(), user: null })

export function setToken(token, user = null) {
  session.token = token
  session.user = user
  try {
    if (token) window.localStorage.setItem(KEY, token)
    else window.localStorage.removeItem(KEY)
  } catch {
    // Private browsing may refuse storage: the token still works for this page.
  }
}
