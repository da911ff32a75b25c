// Sign-in as DANDI's web UI does it: the UI is an OAuth2 client of the API (authorization code with PKCE, a public
// client without a secret). The API signs the person in (GitHub or a local account), asks newcomers its
// questionnaire, and sends the browser back here with a code, which this module trades for an access token.
import { apiGet } from './api.js'
import { apiRoot, config } from './config.js'
import { session, setToken } from './session.js'

export const DEFAULT_CLIENT_ID = 'dandi-web-app'
const PENDING_KEY = 'dandi-stack.oauth-pending'

function clientId() {
  return config.oauthClientId || DEFAULT_CLIENT_ID
}

function redirectUri() {
  return `${window.location.origin}/`
}

function base64url(bytes) {
  let text = ''
  for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte)
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function randomString(size = 48) {
  return base64url(crypto.getRandomValues(new Uint8Array(size)))
}

async function challengeOf(verifier) {
  return base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)))
}

/** Send the browser to the API's authorize page; it comes back to "/" with ?code=...&state=... */
export async function signIn() {
  const verifier = randomString()
  const state = randomString(16)
  const back = window.location.pathname + window.location.search
  window.sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, back }))
  const params = new URLSearchParams({
    client_id: clientId(),
    response_type: 'code',
    redirect_uri: redirectUri(),
    code_challenge: await challengeOf(verifier),
    code_challenge_method: 'S256',
    state,
  })
  window.location.assign(`${apiRoot()}/oauth/authorize/?${params}`)
}

/** On start-up: finish a sign-in the API sent back here. Returns the path to show, or null when there was none. */
export async function completeSignIn() {
  const url = new URL(window.location.href)
  const code = url.searchParams.get('code')
  const state = url.searchParams.get('state')
  if (!code || !state) return null
  let pending = null
  try {
    pending = JSON.parse(window.sessionStorage.getItem(PENDING_KEY) || 'null')
  } catch {
    pending = null
  }
  window.sessionStorage.removeItem(PENDING_KEY)
  if (!pending || pending.state !== state) {
    session.signInError = 'The sign-in could not be completed (it was started in another tab or expired); sign in again.'
    return '/'
  }
  const response = await fetch(`${apiRoot()}/oauth/token/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: clientId(),
      code_verifier: pending.verifier,
    }),
  }).catch(() => null)
  if (!response || !response.ok) {
    session.signInError = `The API refused the sign-in (${response ? `HTTP ${response.status}` : 'unreachable'}); sign in again.`
    return pending.back || '/'
  }
  const { access_token: token } = await response.json()
  setToken(token, null, 'bearer')
  await refreshUser()
  return pending.back || '/'
}

/** Who the token belongs to, and their API key once they are approved. */
export async function refreshUser() {
  if (!session.token) return
  session.user = await apiGet('/users/me/')
  session.apiKey = session.user.status === 'APPROVED' ? await apiGet('/auth/token/') : ''
}

/** Forget the token here, revoke it at the API, and end the API's own session (then come back). */
export async function signOut() {
  const { token, kind } = session
  if (kind === 'bearer' && token) {
    await fetch(`${apiRoot()}/oauth/revoke_token/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token, client_id: clientId() }),
    }).catch(() => null)
  }
  setToken('')
  if (kind !== 'bearer') return
  window.location.assign(`${apiRoot()}/accounts/logout/`)
}
