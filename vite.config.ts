import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';

// The renderer: one build served by `invlab serve` over HTTP and loaded by Electron from
// file://, hence the relative base.
export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer', import.meta.url)),
  base: './',
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('./dist-renderer', import.meta.url)),
    emptyOutDir: true,
    // ECharts is one large chunk by nature; splitting it buys nothing for a local app.
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      output: { manualChunks: { echarts: ['echarts'] } },
    },
  },
  server: { port: 5173, strictPort: false },
});
