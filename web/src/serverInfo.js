// /api/info/ (the same document as the host's /server-info), fetched once and shared by the header and home page.
import { reactive } from 'vue'
import { apiGet } from './api.js'

export const serverInfo = reactive({ data: null })
let pending = null

export function loadServerInfo() {
  pending ??= apiGet('/info/', {}, { token: '' }).then(
    (data) => {
      serverInfo.data = data
      return data
    },
    (err) => {
      pending = null
      throw err
    },
  )
  return pending
}
