import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// One build serves every environment: the API URL is read at run time from /config.json, so nothing
// environment-specific is baked in here. `npm run dev` proxies /api and /server-info to DANDI_API_ORIGIN
// (e.g. http://127.0.0.1:8000) so the same-origin fallback works while developing.
const apiOrigin = process.env.DANDI_API_ORIGIN

export default defineConfig({
  plugins: [vue()],
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
  server: apiOrigin
    ? { proxy: { '/api': apiOrigin, '/server-info': apiOrigin } }
    : {},
})
