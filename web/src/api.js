// The archive API as the UI reads it: JSON GETs with the optional token, errors turned into one clear message.
import { config } from './config.js'
import { authorization, session } from './session.js'

export class ApiError extends Error {
  constructor(kind, message, status = null) {
    super(message)
    this.kind = kind
    this.status = status
  }
}

function detailOf(body) {
  if (typeof body === 'string') return body
  if (body && typeof body.detail === 'string') return body.detail
  return ''
}

function buildUrl(path, params) {
  const url = new URL(config.apiUrl + path, window.location.origin)
  for (const [key, value] of Object.entries(params || {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, value)
  }
  return url
}

export function downloadUrl(assetId) {
  return buildUrl(`/assets/${encodeURIComponent(assetId)}/download/`).toString()
}

/** GET an API path (relative to the API base, e.g. "/dandisets/"); resolves to the parsed JSON body. */
export async function apiGet(path, params, { token = session.token, kind = session.kind } = {}) {
  if (config.error) throw new ApiError('config', config.error)
  const headers = { Accept: 'application/json' }
  if (token) headers.Authorization = authorization(token, kind)
  const url = buildUrl(path, params)
  let response
  try {
    response = await fetch(url, { headers })
  } catch {
    throw new ApiError(
      'unreachable',
      `Cannot reach the API at ${config.apiUrl}. Check that it is running and that config.json points at it ` +
        '(a browser also reports this when the API does not allow this site\'s origin in CORS).',
    )
  }
  let body = null
  const text = await response.text()
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = text
  }
  if (response.ok) {
    if (typeof body === 'string' && path.startsWith('/auth/token')) return body // the API key, a JSON string
    if (typeof body !== 'object' || body === null) {
      throw new ApiError('bad-response', `The API at ${config.apiUrl} answered ${url.pathname} with something other than JSON.`)
    }
    return body
  }
  const detail = detailOf(body)
  const suffix = detail ? `: ${detail}` : ''
  if (response.status === 401 && !token) {
    throw new ApiError('auth-required', `This needs an API token (401${suffix}). Enter one in the token field.`, 401)
  }
  if (response.status === 401) {
    throw new ApiError('unauthorized', `The API rejected the token (401${suffix}). Replace or clear it in the token field.`, 401)
  }
  if (response.status === 403) {
    throw new ApiError('forbidden', `You do not have access to this (403${suffix}).`, 403)
  }
  if (response.status === 404) {
    throw new ApiError('not-found', `Not found (404${suffix}).`, 404)
  }
  throw new ApiError('server', `The API answered HTTP ${response.status}${suffix}.`, response.status)
}
