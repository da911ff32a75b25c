// A tiny history-mode router: the few pages this UI has do not need vue-router. Servers must answer unknown paths
// with index.html (netlify.toml's fallback does; so must any static server that serves web/dist).
import { reactive } from 'vue'

function current() {
  const url = new URL(window.location.href)
  return { path: url.pathname.replace(/\/+$/, '') || '/', query: Object.fromEntries(url.searchParams) }
}

export const route = reactive(current())

window.addEventListener('popstate', () => Object.assign(route, current()))

/** A path with the query parameters that have a value ("/dandisets", {search: "x", page: 1}). */
export function href(path, query = {}) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

export function navigate(to, { replace = false } = {}) {
  window.history[replace ? 'replaceState' : 'pushState']({}, '', to)
  Object.assign(route, current())
}

const ROUTES = [
  { name: 'home', pattern: /^\/$/ },
  { name: 'dandisets', pattern: /^\/dandisets$/ },
  { name: 'create', pattern: /^\/dandisets\/new$/ },
  { name: 'editor', pattern: /^\/dandiset\/(?<id>[^/]+)\/draft\/metadata$/ },
  { name: 'dandiset', pattern: /^\/dandiset\/(?<id>[^/]+)(?:\/(?<version>[^/]+))?$/ },
]

export function match(path) {
  for (const { name, pattern } of ROUTES) {
    const found = pattern.exec(path)
    if (found) {
      const params = Object.fromEntries(Object.entries(found.groups || {}).filter(([, value]) => value !== undefined))
      return { name, params }
    }
  }
  return { name: 'not-found', params: {} }
}
