import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// The gateway (Quarkus + Quinoa) serves dist/ in production; in development the Vite server
// proxies the API and the login endpoints to the gateway so the session cookie stays same-origin.
const gateway = process.env.HUYING_GATEWAY || 'http://127.0.0.1:8080'
const proxied = { target: gateway, changeOrigin: false, xfwd: true }

export default defineConfig({
  plugins: [
    vue(),
    // Element Plus components (and their CSS) imported on demand from the templates.
    Components({ dts: false, resolvers: [ElementPlusResolver({ importStyle: 'css' })] }),
  ],
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': proxied,
      '/login': proxied,
      '/logout': proxied,
      '/q': proxied,
    },
  },
  build: {
    outDir: 'dist',
    // ECharts (ops chunks only) is large by nature; everything else stays well below this.
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: true,
    // No manual chunks: Element Plus is split by use. The first page loads the shell's components
    // (layout, menu, bell) with the entry, and a route's own components with its chunk, whose shared
    // dependencies the preload helper fetches in parallel with it (no waterfall).
  },
})
