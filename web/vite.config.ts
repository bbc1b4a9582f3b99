/**
 * Builds the dashboard (web/) into web/dist, which `keel serve` serves at /. Assets get content hashes (served
 * as immutable) and gzip/brotli copies next to them, which the server sends to browsers that accept them.
 * `vite web` runs a dev server that forwards the API to a `keel serve` on port 3000.
 */
import react from '@vitejs/plugin-react';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const OUT = fileURLToPath(new URL('./dist', import.meta.url));
const COMPRESSIBLE = /\.(js|css|html|svg|json)$/;
const API = 'http://127.0.0.1:3000';

/** Writes NAME.gz and NAME.br beside every compressible file larger than 1 KB. */
function precompress(): Plugin {
  return {
    name: 'keel-precompress',
    apply: 'build',
    async closeBundle() {
      const files = await readdir(OUT, { recursive: true });
      for (const file of files) {
        if (!COMPRESSIBLE.test(file)) continue;
        const path = join(OUT, file);
        const body = await readFile(path);
        if (body.length < 1024) continue;
        await writeFile(`${path}.gz`, gzipSync(body, { level: 9 }));
        await writeFile(
          `${path}.br`,
          brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), precompress()],
  build: {
    outDir: OUT,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: { '/api': API, '/docs': API, '/openapi.json': API },
  },
});
