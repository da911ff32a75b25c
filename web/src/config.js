// Run-time configuration: /config.json next to index.html names the API ({"apiUrl": "https://api.example.org/api"})
// and optionally the OAuth client id the API knows the UI by ("oauthClientId", default dandi-web-app).
// Each environment writes that file at deploy time, so one build serves all of them. Without it the UI talks to the
// API on its own origin under /api.
import { reactive } from 'vue'

export const DEFAULT_API_URL = '/api'

export const config = reactive({ apiUrl: DEFAULT_API_URL, source: 'default', error: null, oauthClientId: '' })

/** The API base ending in /api; accepts the API host root too ("https://api.example.org" -> ".../api"). */
export function normalizeApiUrl(value) {
  if (typeof value !== 'string' || !value.trim()) {
    throw new Error('config.json: "apiUrl" must be a non-empty string such as "https://api.example.org/api"')
  }
  const url = value.trim().replace(/\/+$/, '')
  if (!/^https?:\/\//.test(url) && !url.startsWith('/')) {
    throw new Error(`config.json: "apiUrl" ${JSON.stringify(value)} must be an http(s) URL or a path starting with /`)
  }
  return url.endsWith('/api') ? url : `${url}/api`
}

/** The API host root (where /server-info lives). */
export function apiRoot() {
  return config.apiUrl.replace(/\/api$/, '')
}

export async function loadConfig() {
  let response
  try {
    response = await fetch('/config.json', { cache: 'no-store' })
  } catch {
    return config
  }
  if (response.status === 404) return config
  const text = await response.text()
  // An SPA fallback answers unknown paths with index.html: that means "no config.json".
  if (!response.ok || text.trimStart().startsWith('<')) return config
  try {
    const data = JSON.parse(text)
    config.apiUrl = normalizeApiUrl(data && data.apiUrl)
    if (typeof data.oauthClientId === 'string') config.oauthClientId = data.oauthClientId
    config.source = 'config.json'
  } catch (err) {
    config.error = err instanceof SyntaxError ? `config.json is not valid JSON (${err.message})` : err.message
  }
  return config
}
