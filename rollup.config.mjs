// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with their shared chunks, and
// copies the tree-sitter .wasm files beside them (parser.ts looks there first).
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { copyFileSync, mkdirSync } from 'node:fs';

const wasm = [
  'node_modules/web-tree-sitter/tree-sitter.wasm',
  'node_modules/tree-sitter-python/tree-sitter-python.wasm',
];

function copyWasm() {
  return {
    name: 'copy-wasm',
    writeBundle() {
      mkdirSync('dist', { recursive: true });
      for (const file of wasm) copyFileSync(file, `dist/${file.split('/').pop()}`);
    },
  };
}

export default {
  input: { index: 'src/main.ts', cli: 'src/cli.ts' },
  output: {
    dir: 'dist',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name].js',
    sourcemap: false,
  },
  onwarn(warning, warn) {
    if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
  plugins: [
    typescript({ tsconfig: './tsconfig.build.json' }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node', 'import', 'default'] }),
    commonjs({ ignoreDynamicRequires: true }),
    json(),
    copyWasm(),
  ],
};
