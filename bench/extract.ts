// Extraction throughput on a generated 20,000-file tree of mixed languages, beside `git grep`
// over the same tree (which finds lines, not references: the floor for reading the files).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSources, selectEntries } from '../src/discover/read-sources.js';
import { workTree } from '../src/discover/tree.js';
import { extractFile, isCandidatePath } from '../src/extract/index.js';

const FILES = 20_000;

function pythonFile(i: number): string {
  const lines = [
    'import argparse',
    'import torch',
    'from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline',
    `MODEL_ID = "org${i % 97}/model-${i % 13}"`,
    '',
    'def build(args):',
    '    tok = AutoTokenizer.from_pretrained(MODEL_ID, revision="main")',
    `    model = AutoModelForCausalLM.from_pretrained("team${i % 31}/llm-${i % 7}b", trust_remote_code=${i % 5 === 0 ? 'True' : 'False'})`,
    '    clf = pipeline("text-classification", model="distilbert/distilbert-base-uncased-finetuned-sst-2-english")',
    '    return tok, model, clf',
    '',
  ];
  for (let k = 0; k < 40; k++) lines.push(`def helper_${k}(x):\n    y = x * ${k} + len(str(x))\n    return [v for v in range(y) if v % 3 == 0]\n`);
  return lines.join('\n');
}

const generators: [string, (i: number) => string][] = [
  ['py', pythonFile],
  ['ts', (i) => `import { pipeline } from '@huggingface/transformers';\nconst MODEL = 'Xenova/model-${i % 50}';\nexport async function f() {\n  return pipeline('feature-extraction', MODEL);\n}\n`.repeat(3)],
  ['yaml', (i) => `base_model: org${i % 40}/base-${i % 9}\nmodel_type: LlamaForCausalLM\nload_in_8bit: false\ndatasets:\n  - path: data/train-${i}.jsonl\n    type: alpaca\nsequence_len: 2048\nlearning_rate: 0.0002\n`],
  ['json', (i) => JSON.stringify({ _name_or_path: `org${i % 20}/enc-${i % 4}`, hidden_size: 768, num_layers: 12, vocab: Array.from({ length: 50 }, (_, k) => k) }, null, 2)],
  ['sh', (i) => `#!/bin/bash\nset -e\nhuggingface-cli download org${i % 30}/gguf-${i % 6} --local-dir ./models\nvllm serve org${i % 30}/chat-${i % 6} --port 8000\n`],
  ['md', (i) => `# Notes ${i}\n\nSome prose about the project that mentions no model at all.\n`.repeat(10)],
];

function generate(dir: string): number {
  let bytes = 0;
  for (let i = 0; i < FILES; i++) {
    const [ext, make] = generators[i % generators.length];
    const folder = join(dir, `pkg${i % 200}`);
    if (i < 200) mkdirSync(folder, { recursive: true });
    const text = make(i);
    bytes += Buffer.byteLength(text);
    writeFileSync(join(folder, i % 600 === 5 ? 'Dockerfile' : `f${i}.${ext}`), text);
  }
  return bytes;
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'modelgate-bench-extract-'));
  try {
    const totalBytes = generate(dir);
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const t0 = performance.now();
    const reader = workTree(dir);
    const entries = selectEntries(await reader.list(), { isCandidate: isCandidatePath, ignorePaths: [], maxBytes: 2 * 1024 * 1024 });
    const read = await readSources(reader, entries, 2 * 1024 * 1024);
    let refs = 0;
    for (const file of read.files) refs += (await extractFile(file)).references.length;
    const extractMs = performance.now() - t0;

    const g0 = performance.now();
    let grepLines = 0;
    try {
      grepLines = execFileSync('git', ['grep', '--no-index', '-I', '-c', '-E', 'from_pretrained|pipeline\\(|huggingface|base_model|vllm', '--', '.'], { cwd: dir, maxBuffer: 1 << 28 })
        .toString()
        .split('\n')
        .filter(Boolean).length;
    } catch {
      grepLines = 0;
    }
    const grepMs = performance.now() - g0;
    const mb = totalBytes / (1024 * 1024);
    return {
      name: `extraction over ${FILES} generated files (${mb.toFixed(1)} MB, mixed languages)`,
      rows: [
        { tool: 'modelgate discover+extract', files: read.files.length, 'time s': extractMs / 1000, 'files/s': read.files.length / (extractMs / 1000), 'MB/s': mb / (extractMs / 1000), found: `${refs} references` },
        { tool: 'git grep (regex, no parsing)', files: FILES, 'time s': grepMs / 1000, 'files/s': FILES / (grepMs / 1000), 'MB/s': mb / (grepMs / 1000), found: `${grepLines} files with a match` },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
