// Bundles the action (dist/index.js) and the CLI (dist/cli.js) with their shared chunks, and
// copies the tree-sitter .wasm files beside them (parser.ts looks there first).
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { copyFileSync, mkdirSync } from 'node:fs';

// [source, destination]: 7z-wasm loads its .wasm from beside its own (chunked) module.
const wasm = [
  ['node_modules/web-tree-sitter/tree-sitter.wasm', 'dist/tree-sitter.wasm'],
  ['node_modules/tree-sitter-python/tree-sitter-python.wasm', 'dist/tree-sitter-python.wasm'],
  ['node_modules/7z-wasm/7zz.wasm', 'dist/chunks/7zz.wasm'],
];

function copyWasm() {
  return {
    name: 'copy-wasm',
    writeBundle() {
      mkdirSync('dist/chunks', { recursive: true });
      for (const [from, to] of wasm) copyFileSync(from, to);
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
