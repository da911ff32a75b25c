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
  if (Array.isArray(body) && body.every((item) => typeof item === 'string')) return body.join(' ')
  // Django REST framework's field errors: {"name": ["This field may not be blank."]}.
  if (body && typeof body === 'object') {
    return Object.entries(body)
      .map(([field, messages]) => `${field}: ${[].concat(messages).join(' ')}`)
      .join('; ')
  }
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
export function apiGet(path, params, options = {}) {
  return apiRequest('GET', path, { params, ...options })
}

/** POST/PUT/DELETE JSON to an API path; resolves to the parsed JSON body (null when there is none). */
export function apiSend(method, path, body, options = {}) {
  return apiRequest(method, path, { body, ...options })
}

async function apiRequest(method, path, { params, body, token = session.token, kind = session.kind } = {}) {
  if (config.error) throw new ApiError('config', config.error)
  const headers = { Accept: 'application/json' }
  if (token) headers.Authorization = authorization(token, kind)
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const url = buildUrl(path, params)
  let response
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  } catch {
    throw new ApiError(
      'unreachable',
      `Cannot reach the API at ${config.apiUrl}. Check that it is running and that config.json points at it ` +
        '(a browser also reports this when the API does not allow this site\'s origin in CORS).',
    )
  }
  let parsed = null
  const text = await response.text()
  try {
    parsed = text ? JSON.parse(text) : null
  } catch {
    parsed = text
  }
  if (response.ok) {
    if (method !== 'GET') return parsed
    if (typeof parsed === 'string' && path.startsWith('/auth/token')) return parsed // the API key, a JSON string
    if (typeof parsed !== 'object' || parsed === null) {
      throw new ApiError('bad-response', `The API at ${config.apiUrl} answered ${url.pathname} with something other than JSON.`)
    }
    return parsed
  }
  throw errorOf(response.status, parsed, token)
}

function errorOf(status, body, token) {
  const detail = detailOf(body)
  const suffix = detail ? `: ${detail}` : ''
  let error
  if (status === 401 && !token) {
    error = new ApiError('auth-required', `This needs you to sign in (401${suffix}).`, 401)
  } else if (status === 401) {
    error = new ApiError('unauthorized', `The API rejected your sign-in (401${suffix}). Sign in again.`, 401)
  } else if (status === 403) {
    error = new ApiError('forbidden', `You do not have access to this (403${suffix}).`, 403)
  } else if (status === 404) {
    error = new ApiError('not-found', `Not found (404${suffix}).`, 404)
  } else if (status === 423) {
    error = new ApiError('locked', `The dandiset is busy (423${suffix}); try again in a moment.`, 423)
  } else if (status === 400) {
    error = new ApiError('invalid', `The API refused this (400${suffix}).`, 400)
  } else {
    error = new ApiError('server', `The API answered HTTP ${status}${suffix}.`, status)
  }
  error.body = body
  return error
}
