// Writes this environment's run-time files into dist/ after a Netlify build: config.json (the API the UI reads)
// and _redirects (the /server-info proxy to that API, which the dandi client probes when given the web URL).
// The API comes from DANDI_API_URL in the site's environment, e.g. https://api.example.org (with or without /api).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

const raw = (process.env.DANDI_API_URL || '').trim()
const fail = (message) => {
  console.error(`runtime-files: ${message}`)
  process.exit(2)
}
if (!raw) fail('DANDI_API_URL is not set; set it in the site environment to the API URL, e.g. https://api.example.org')
let url
try {
  url = new URL(raw)
} catch {
  fail(`DANDI_API_URL ${JSON.stringify(raw)} is not a URL; use e.g. https://api.example.org`)
}
if (!['http:', 'https:'].includes(url.protocol)) fail(`DANDI_API_URL ${JSON.stringify(raw)} must be an http(s) URL`)
const root = url.toString().replace(/\/+$/, '').replace(/\/api$/, '')
const dist = process.argv[2] || 'dist'
writeFileSync(join(dist, 'config.json'), `${JSON.stringify({ apiUrl: `${root}/api` })}\n`)
writeFileSync(join(dist, '_redirects'), `/server-info  ${root}/server-info  200!\n`)
console.log(`runtime-files: ${dist}/config.json and ${dist}/_redirects point at ${root}`)
