import { createApp } from 'vue'
import App from './App.vue'
import { completeSignIn } from './auth.js'
import { loadConfig } from './config.js'
import { navigate } from './router.js'
import './style.css'

// Read /config.json before the first request so every page talks to the right API; then finish a sign-in that the
// API sent back here (?code=...&state=...), and show the page the person signed in from.
async function start() {
  await loadConfig().catch(() => {})
  const back = await completeSignIn().catch(() => '/')
  if (back) navigate(back, { replace: true })
  createApp(App).mount('#app')
}

start()
