// Writes data/popular-models.json, the popular index bundled with modelgate.
//
//   node --import ./scripts/register-ts.mjs scripts/refresh-popular.ts --hub-url https://huggingface.co [--models 5000] [--orgs 1500]
//       Reads the hub API: the most downloaded models (listModels sorted by downloads) with
//       their downloads, likes and creation dates, then the organisations and users behind
//       them (creation date, verified flag). HF_TOKEN is sent to the hub only.
//   node --import ./scripts/register-ts.mjs scripts/refresh-popular.ts --curated data/popular-curated.txt
//       Builds the snapshot from the curated id list (for machines that cannot reach the hub);
//       curated entries carry no figures.
// Both modes add the brand and re-publisher tables below and state the date and the source.
import { writeFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { listModels } from '@huggingface/hub';
import { createHubClient } from '../src/hub/client.js';
import type { PopularModel, PopularOrg, PopularSnapshot } from '../src/types.js';

/**
 * Brand token -> the organisations that legitimately publish under it. Every owner listed here is
 * also a known organisation of the index (a company's sibling orgs such as `bytedance-research` or
 * `deepseek-community` are its own, not imitations); each was confirmed in public code that loads
 * models from it.
 */
export const BRANDS: Record<string, string[]> = {
  openai: ['openai', 'openai-community'],
  meta: ['meta-llama', 'facebook', 'FacebookAI', 'codellama'],
  llama: ['meta-llama', 'codellama'],
  facebook: ['facebook', 'FacebookAI'],
  google: ['google', 'google-bert', 'google-t5', 'google-deepmind'],
  gemma: ['google'],
  deepmind: ['google-deepmind', 'deepmind'],
  microsoft: ['microsoft'],
  phi: ['microsoft'],
  nvidia: ['nvidia'],
  nemotron: ['nvidia'],
  mistral: ['mistralai', 'mistral-community'],
  mistralai: ['mistralai'],
  mixtral: ['mistralai'],
  codestral: ['mistralai'],
  qwen: ['Qwen'],
  kimi: ['moonshotai'],
  moonshot: ['moonshotai'],
  minimax: ['MiniMaxAI'],
  zhipu: ['zai-org', 'THUDM'],
  glm: ['zai-org', 'THUDM'],
  alibaba: ['Alibaba-NLP', 'alibaba-pai', 'Qwen'],
  deepseek: ['deepseek-ai', 'deepseek-community'],
  anthropic: ['Anthropic'],
  claude: ['Anthropic'],
  huggingface: ['huggingface', 'HuggingFaceTB', 'HuggingFaceH4', 'HuggingFaceM4', 'HuggingFaceFW', 'hf-internal-testing'],
  stabilityai: ['stabilityai'],
  stability: ['stabilityai'],
  apple: ['apple'],
  amazon: ['amazon'],
  aws: ['amazon'],
  ibm: ['ibm', 'ibm-granite', 'ibm-research', 'ibm-ai-platform', 'ibm-fms', 'ibm-nasa-geospatial'],
  granite: ['ibm-granite'],
  cohere: ['CohereForAI', 'CohereLabs', 'Cohere'],
  salesforce: ['Salesforce'],
  intel: ['Intel', 'IntelLabs'],
  whisper: ['openai'],
  chatgpt: ['openai'],
  gpt: ['openai', 'openai-community'],
  bytedance: ['ByteDance', 'ByteDance-Seed', 'bytedance-research'],
  tencent: ['tencent', 'Tencent-Hunyuan', 'TencentARC'],
  baidu: ['baidu', 'PaddlePaddle'],
  xai: ['xai-org'],
  grok: ['xai-org'],
  stablediffusion: ['stabilityai', 'stable-diffusion-v1-5', 'CompVis', 'runwayml'],
  sdxl: ['stabilityai'],
  flux: ['black-forest-labs'],
  falcon: ['tiiuae'],
  olmo: ['allenai'],
  smollm: ['HuggingFaceTB'],
  gemini: ['google'],
};

/** Organisations that re-publish other people's models under the same name (quantisations, conversions, mirrors). */
export const REPUBLISHERS = [
  'TheBloke', 'TheBlokeAI', 'bartowski', 'unsloth', 'lmstudio-community', 'mlx-community', 'QuantFactory', 'MaziyarPanahi',
  'second-state', 'ggml-org', 'hugging-quants', 'neuralmagic', 'RedHatAI', 'Xenova', 'onnx-community', 'TechxGenus',
  'casperhansen', 'mradermacher', 'LoneStriker', 'legraphista', 'DevQuasar', 'tensorblock', 'Mungert', 'OpenVINO',
  'SanctumAI', 'NousResearch', 'huggyllama', 'turboderp', 'ModelCloud', 'solidrust', 'brittlewis12', 'Qdrant',
  'sentence-transformers-testing', 'nm-testing', 'TheBloke-AI', 'NexaAI', 'gaianet', 'RichardErkhov', 'ggml-org',
  'lmstudio-ai', 'llamafile', 'Mozilla', 'jinaai', 'Systran', 'mobiuslabsgmbh', 'deepdml', 'Purfview', 'guillaumekln',
];

function args(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) if (argv[i].startsWith('--')) out[argv[i].slice(2)] = argv[i + 1] && !argv[i + 1].startsWith('--') ? argv[++i] : 'true';
  return out;
}

export function curatedSnapshot(text: string, date: string): PopularSnapshot {
  const ids = [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')))];
  const orgs = [...new Set(ids.filter((id) => id.includes('/')).map((id) => id.split('/')[0]))];
  return {
    version: 1,
    date,
    source:
      'curated (data/popular-curated.txt): ids of widely used public models as named on their model cards and organisation pages, in library documentation (transformers, sentence-transformers, diffusers, timm, transformers.js), leaderboards (MTEB, Open LLM) and the hub task pages, spot-checked against public code that loads them; not read from the hub API, so no download counts or dates are recorded. Refresh from the hub API with scripts/refresh-popular.ts --hub-url.',
    curated: true,
    models: ids.map((id) => ({ id })),
    orgs: orgs.map((name) => ({ name })),
    brands: BRANDS,
    republishers: [...new Set(REPUBLISHERS)],
  };
}

export async function hubSnapshot(hubUrl: string, modelCount: number, orgCount: number): Promise<PopularSnapshot> {
  const token = process.env.HF_TOKEN ?? undefined;
  const models: PopularModel[] = [];
  for await (const m of listModels({
    hubUrl,
    sort: 'downloads',
    limit: modelCount,
    additionalFields: ['createdAt', 'author'],
    ...(token ? { accessToken: token } : {}),
  })) {
    const entry = m as typeof m & { createdAt?: string | Date };
    models.push({
      id: m.name,
      downloads: m.downloads,
      likes: m.likes,
      ...(entry.createdAt ? { createdAt: new Date(entry.createdAt).toISOString() } : {}),
    });
  }
  // Owners ranked by the downloads of their models in the list.
  const byOwner = new Map<string, number>();
  for (const m of models) if (m.id.includes('/')) byOwner.set(m.id.split('/')[0], (byOwner.get(m.id.split('/')[0]) ?? 0) + (m.downloads ?? 0));
  const hub = createHubClient({ endpoint: hubUrl, token: token ?? null });
  const orgs: PopularOrg[] = [];
  for (const [name, downloads] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, orgCount)) {
    const facts = await hub.authorFacts(name);
    orgs.push({ name, downloads, verified: facts.verified, ...(facts.createdAt ? { createdAt: facts.createdAt } : {}) });
  }
  return {
    version: 1,
    date: new Date().toISOString().slice(0, 10),
    source: `hub API at ${hubUrl}: the ${models.length} most downloaded models (downloads over the last 30 days, likes, creation dates) and the ${orgs.length} organisations and users behind them`,
    curated: false,
    models,
    orgs,
    brands: BRANDS,
    republishers: [...new Set(REPUBLISHERS)],
  };
}

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  const out = a.output ?? path.join('data', 'popular-models.json');
  let snapshot: PopularSnapshot;
  if (a.curated) {
    snapshot = curatedSnapshot(await readFile(a.curated, 'utf8'), a.date ?? new Date().toISOString().slice(0, 10));
  } else if (a['hub-url']) {
    snapshot = await hubSnapshot(a['hub-url'], Number(a.models ?? 5000), Number(a.orgs ?? 1500));
  } else {
    process.stderr.write('usage: refresh-popular.ts (--hub-url URL [--models N] [--orgs N] | --curated FILE [--date YYYY-MM-DD]) [--output FILE]\n');
    process.exit(2);
  }
  await writeFile(out, JSON.stringify(snapshot, null, 0).replace(/\},\{/g, '},\n{') + '\n');
  process.stdout.write(`wrote ${out}: ${snapshot.models.length} models, ${snapshot.orgs.length} organisations (${snapshot.source.slice(0, 60)}...)\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
