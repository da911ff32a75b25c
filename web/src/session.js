// Who is signed in, kept in localStorage so owners keep seeing their embargoed dandisets across visits: either an
// API key pasted into the token field (sent as `token KEY`, as the dandi client does) or the OAuth access token the
// API handed out after "Sign in" (sent as `Bearer TOKEN`).
import { reactive } from 'vue'

const KEY = 'dandi-stack.api-token'
const KIND_KEY = 'dandi-stack.token-kind'

function stored(key) {
  try {
    return window.localStorage.getItem(key) || ''
  } catch {
    return ''
  }
}

export const session = reactive({
  token: stored(KEY),
  kind: stored(KIND_KEY) === 'bearer' ? 'bearer' : 'token',
  user: null,
  apiKey: '',
  signInError: '',
})

/** The Authorization header value for a token of the given kind. */
export function authorization(token, kind = session.kind) {
  return `${kind === 'bearer' ? 'Bearer' : 'token'} ${token}`
}

export function setToken(token, user = null, kind = 'token') {
  session.token = token
  session.kind = kind
  session.user = user
  session.apiKey = ''
  try {
    if (token) {
      window.localStorage.setItem(KEY, token)
      window.localStorage.setItem(KIND_KEY, kind)
    } else {
      window.localStorage.removeItem(KEY)
      window.localStorage.removeItem(KIND_KEY)
    }
  } catch {
    // Private browsing may refuse storage: the token still works for this page.
  }
}
