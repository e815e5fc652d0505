import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { extractFile, fileKind, isCandidatePath } from '../../src/extract/index.js';
import { MAX_LINE_CHARS } from '../../src/extract/common.js';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FIXTURES, summarise } from './summary.js';

describe('isCandidatePath', () => {
  it.each([
    'train.py', 'notebooks/demo.ipynb', 'web/src/worker.js', 'app/api/chat/route.ts', 'ui/App.tsx', 'lib/x.mjs', 'demo/index.html', 'src/App.vue', 'src/routes/+page.svelte',
    'configs/sft.yaml', 'deploy/k8s.yml', 'adapter_config.json', 'config.toml', '.env', '.env.local', 'prod.env',
    'Dockerfile', 'docker/Dockerfile.gpu', 'Dockerfile-cuda', 'Dockerfile_cpu', 'worker.dockerfile', 'Containerfile', 'scripts/serve.sh', 'run.bash', 'jobs/train.slurm', 'serve.ps1', 'serve.bat',
    'Makefile', 'rules.mk', 'Modelfile', 'docker-compose.yml', 'compose.yaml', 'setup.cfg', 'vllm.service', 'README.md',
  ])('reads %s', (path) => {
    expect(isCandidatePath(path)).toBe(true);
  });

  it.each([
    'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'uv.lock', 'node_modules/x/index.js',
    'web/node_modules/@huggingface/transformers/dist/transformers.js', 'dist/index.js', 'build/static/js/main.js', 'build/index.html',
    'public/vendor.min.js', 'assets/app.3f9a2b1c7d.js', 'types/index.d.ts', '.venv/lib/site.py', 'weights/model.safetensors',
    'docs/guide.md', 'Dockerfile.md', 'image.png', 'requirements.txt', '.git/config',
  ])('skips %s', (path) => {
    expect(isCandidatePath(path)).toBe(false);
  });

  it('reads configuration inside build folders but not bundles', () => {
    expect(fileKind('dist/config.yaml')).toBe('yaml');
    expect(fileKind('dist/app.js')).toBeNull();
  });
});

describe('extractFile', () => {
  it('reads an extension-less shell script by its #! line', async () => {
    const r = await extractFile({ path: 'bin/serve', text: '#!/bin/bash\nexec vllm serve Qwen/Qwen2.5-0.5B-Instruct\n' });
    expect(r.references.map(summarise)).toEqual(['2:17 cli vllm serve Qwen/Qwen2.5-0.5B-Instruct high']);
  });

  it('ignores files that are not candidates', async () => {
    const r = await extractFile({ path: 'notes.txt', text: 'vllm serve Qwen/Qwen2.5-0.5B-Instruct\n' });
    expect(r).toEqual({ references: [], problems: [] });
  });

  it('reports binary content with the file and what to do', async () => {
    const r = await extractFile({ path: 'configs/model.yaml', text: 'model: a/b\u0000\u0001\u0002' });
    expect(r.references).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ file: 'configs/model.yaml', line: 1 });
    expect(r.problems[0].message).toMatch(/binary/);
    expect(r.problems[0].fix).toMatch(/ignorePaths/);
  });

  it('reports a huge line with its line number', async () => {
    const text = `model_id: org/name\n${'x'.repeat(MAX_LINE_CHARS + 1)}\n`;
    const r = await extractFile({ path: 'gen.yaml', text });
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].line).toBe(2);
    expect(r.problems[0].message).toMatch(/characters long/);
  });

  it('keeps going after invalid YAML documents and names the line', async () => {
    const r = await extractFile({ path: 'multi.yaml', text: 'model: a/b\n---\nx: [\n---\nbase_model: c/d\n' });
    expect(r.references.map((x) => x.id)).toEqual(['a/b', 'c/d']);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0].line).toBe(4);
    expect(r.problems[0].fix).toBeDefined();
  });

  it('returns references sorted by position', async () => {
    const r = await extractFile({ path: 'c.yaml', text: 'b:\n  model_id: x/second\nmodel_id: x/first\n' });
    expect(r.references.map((x) => x.line)).toEqual([2, 3]);
  });

  it('never throws, whatever the content', async () => {
    const paths = ['a.yaml', 'a.json', 'a.toml', 'Dockerfile', 'a.sh', 'Makefile', '.env', 'a.ts', 'a.js', 'a.cfg', 'README.md', 'a.html', 'a.vue', 'a.tf', 'Modelfile'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), fc.string({ maxLength: 300 }), async (path, text) => {
        const r = await extractFile({ path, text });
        expect(Array.isArray(r.references)).toBe(true);
        for (const p of r.problems) expect(p.file).toBe(path);
      }),
      { numRuns: 300 },
    );
  });

  it('reads Windows line endings like Unix ones, in every fixture', async () => {
    const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
    const kinds = ['yaml', 'json', 'toml', 'dockerfile', 'shell', 'makefile', 'dotenv', 'javascript', 'markdown', 'ini', 'inline-python'];
    let compared = 0;
    for (const kind of kinds) {
      for (const file of walk(join(FIXTURES, kind))) {
        const path = relative(join(FIXTURES, kind), file);
        const text = readFileSync(file, 'utf8');
        const lf = await extractFile({ path, text });
        const crlf = await extractFile({ path, text: text.replace(/\n/g, '\r\n') });
        const key = (r: typeof lf) => r.references.map((x) => [x.line, x.column, x.id, x.revision, x.raw]);
        expect([path, key(crlf), crlf.problems.length]).toEqual([path, key(lf), lf.problems.length]);
        compared += lf.references.length;
      }
    }
    expect(compared).toBeGreaterThan(50);
  });

  it('survives deeply nested input', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    await expect(extractFile({ path: 'deep.json', text: deep })).resolves.toBeDefined();
    await expect(extractFile({ path: 'deep.yaml', text: `a: ${deep}` })).resolves.toBeDefined();
  });
});
