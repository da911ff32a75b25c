import { createApp } from 'vue'
import App from './App.vue'
import { loadConfig } from './config.js'
import './style.css'

// Read /config.json before the first request so every page talks to the right API.
loadConfig().finally(() => createApp(App).mount('#app'))
