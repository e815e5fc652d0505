// A format-neutral tree for YAML, JSON and TOML, with file offsets, and the walk that finds
// model ids in it: model keys, environment entries (compose, Kubernetes), and container or CI
// commands (handed to the shell recogniser).
import type { LoaderFlags, ModelReference, ReferenceKind } from '../types.js';
import {
  isDatasetKey,
  isGenericModelKey,
  isCommandKey,
  isModelEnvName,
  isModelKey,
  isTokenizerKey,
  makeReference,
  normaliseKey,
  truthy,
  type Positions,
} from './common.js';
import { commandReferences, envRevision, explicitHubRef, shellReferences, Variables, workflowInputVariable, type Word } from './shell.js';

export type ConfigNode =
  | { t: 'map'; offset: number; entries: { key: string; offset: number; value: ConfigNode }[] }
  | { t: 'seq'; offset: number; items: ConfigNode[] }
  | {
      t: 'scalar';
      offset: number;
      value: string | number | boolean | null;
      /** Offset where the scalar's text (after any quote) starts; equals offset for plain scalars. */
      textOffset: number;
      /** True when `value` appears verbatim in the file at textOffset (plain or simply-quoted). */
      verbatim: boolean;
    };

export interface WalkContext {
  file: string;
  text: string;
  positions: Positions;
  /** Variables from environment entries in the same document, for `$(MODEL_ID)` in args. */
  vars: Variables;
}

/** `revision:` next to `model_name_or_path` belongs to the main model, not to `ref_model` or `reward_model`. */
function takesMainRevision(key: string): boolean {
  return /^(model|base_model|pretrained|hf_model|hf_repo|repo_id|checkpoint)/.test(normaliseKey(key));
}

function scalarString(node: ConfigNode | undefined): string | null {
  if (!node || node.t !== 'scalar') return null;
  return typeof node.value === 'string' ? node.value : null;
}

const keyIndex = new WeakMap<ConfigNode, Map<string, ConfigNode>>();

/** The first entry under any of `names` (snake_case), via a per-map index built once. */
function findEntry(node: ConfigNode, names: string[]): ConfigNode | undefined {
  if (node.t !== 'map') return undefined;
  let index = keyIndex.get(node);
  if (!index) {
    index = new Map();
    for (const e of node.entries) {
      const k = normaliseKey(e.key);
      if (!index.has(k)) index.set(k, e.value);
    }
    keyIndex.set(node, index);
  }
  for (const n of names) {
    const v = index.get(n);
    if (v) return v;
  }
  return undefined;
}

/** Offset of `needle` in the file near a node (for values that are not verbatim, e.g. block scalars). */
function locate(ctx: WalkContext, needle: string, from: number): number {
  const at = ctx.text.indexOf(needle, from);
  return at >= 0 && at - from < 100_000 ? at : from;
}

function at(ctx: WalkContext, offset: number) {
  return ctx.positions.at(offset);
}

/** Walks one document and returns every reference in it. */
export function walkConfig(root: ConfigNode, ctx: WalkContext): ModelReference[] {
  collectEnv(root, ctx.vars, 0);
  collectWorkflowInputs(root, ctx.vars);
  const refs: ModelReference[] = [];
  visit(root, null, ctx, refs, 0);
  return refs;
}

/**
 * GitHub Actions `on.workflow_dispatch.inputs` / `on.workflow_call.inputs` defaults, so that
 * `${{ inputs.model }}` in a step reads the model a run gets when nobody overrides it.
 */
function collectWorkflowInputs(root: ConfigNode, vars: Variables): void {
  const on = findEntry(root, ['on']);
  if (!on || on.t !== 'map') return;
  for (const trigger of ['workflow_dispatch', 'workflow_call']) {
    const event = findEntry(on, [trigger]);
    const inputs = event ? findEntry(event, ['inputs']) : undefined;
    if (!inputs || inputs.t !== 'map') continue;
    for (const e of inputs.entries) {
      if (e.value.t !== 'map') continue;
      const def = scalarString(findEntry(e.value, ['default']));
      if (def !== null && def.trim()) vars.set(workflowInputVariable(e.key), def.trim());
    }
  }
}

/** Environment entries anywhere in the document become variables for command expansion. */
function collectEnv(node: ConfigNode, vars: Variables, depth: number): void {
  if (depth > 64) return;
  if (node.t === 'map') {
    const name = scalarString(findEntry(node, ['name']));
    const value = scalarString(findEntry(node, ['value']));
    if (name && value !== null && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      vars.set(name, value);
      if (isModelEnvName(name)) vars.markReported(name);
    }
    for (const e of node.entries) {
      const v = scalarString(e.value);
      if (v !== null && /^[A-Z_][A-Z0-9_]*$/.test(e.key)) {
        vars.set(e.key, v);
        if (isModelEnvName(e.key)) vars.markReported(e.key);
      }
      collectEnv(e.value, vars, depth + 1);
    }
  } else if (node.t === 'seq') {
    for (const item of node.items) {
      const v = scalarString(item);
      const m = v !== null ? /^([A-Z_][A-Z0-9_]*)=(.*)$/s.exec(v) : null;
      if (m) {
        vars.set(m[1], m[2]);
        if (isModelEnvName(m[1])) vars.markReported(m[1]);
      }
      collectEnv(item, vars, depth + 1);
    }
  }
}

function valueRef(
  ctx: WalkContext,
  node: ConfigNode & { t: 'scalar' },
  raw: string,
  kind: ReferenceKind,
  call: string,
  revision: string | null,
  flags: LoaderFlags,
  dataset = false,
): ModelReference | null {
  // `model: $MODEL_NAME` whose variable is a model entry of the same document that was reported
  // where its id is written (SkyPilot `envs:` read again by a readiness-probe body): one reference.
  const only = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$|^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(raw.trim());
  if (only && ctx.vars.reported.has(only[1] ?? only[2])) return null;
  const expanded = ctx.vars.expand(raw);
  const offset = node.verbatim ? node.textOffset : locate(ctx, raw, node.offset);
  if (kind === 'env' && revision === null) revision = envRevision(ctx.vars, call);
  const ref = makeReference({
    file: ctx.file,
    ...at(ctx, offset),
    raw: expanded.value,
    kind,
    call,
    context: 'config',
    revision,
    flags,
    unresolvedAllowed: !dataset && !isGenericModelKey(call),
    repoType: dataset ? 'dataset' : undefined,
    confidence: expanded.names.length || expanded.usedDefault ? 'medium' : 'high',
  });
  if (ref) ref.raw = raw;
  if (ref && dataset && ref.repoType !== 'dataset') return null;
  return ref;
}

// Images whose name says they fetch hub models (`hf-model-downloader`, `huggingface-downloader`).
const HUB_TOOL_IMAGE = /(^|[/_.-])(hf|huggingface|hugging-face)[-_]?(hub[-_]?)?(model[-_]?)?(downloader|download|fetcher|fetch|loader|cli)$/i;

function visit(node: ConfigNode, parentKey: string | null, ctx: WalkContext, refs: ModelReference[], depth: number): void {
  if (depth > 64) return;
  if (node.t === 'scalar') {
    const v = scalarString(node);
    // `hf://org/name` (fairseq2 asset cards: `hg://org/name`) and hub download URLs are references
    // under any key.
    if (v && /^(hf:\/\/|hg:\/\/|huggingface:\/\/|hf\.co\/|https?:\/\/(www\.)?(huggingface\.co|hf\.co)\/[^/]+\/[^/]+\/resolve\/|https?:\/\/(api-inference|router)\.huggingface\.co\/)/i.test(v.trim())) {
      const offset = node.verbatim ? node.textOffset : locate(ctx, v.trim(), node.offset);
      const ref = explicitHubRef({ file: ctx.file, at: (o) => at(ctx, o) }, offset, v.trim(), 'url', parentKey ?? 'url');
      if (ref) refs.push(ref);
    }
    // promptfoo provider ids: `huggingface:<task>:<org/name>` runs the hub model on the Inference API.
    const task = v ? /^huggingface:[a-z][a-z0-9-]*:/.exec(v.trim()) : null;
    if (v && task && node.verbatim) {
      const ref = makeReference({
        file: ctx.file,
        ...at(ctx, node.textOffset + task[0].length),
        raw: v.trim().slice(task[0].length),
        kind: 'inference',
        call: 'promptfoo huggingface',
        context: 'config',
      });
      if (ref) refs.push(ref);
    }
    return;
  }
  if (node.t === 'seq') {
    for (const item of node.items) {
      // compose `environment: ["MODEL_ID=org/name"]`
      const v = scalarString(item);
      const m = v !== null ? /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(v) : null;
      if (m && item.t === 'scalar' && parentKey && /^(environment|env)$/i.test(parentKey)) {
        if (isModelEnvName(m[1])) {
          const valueNode = { ...item, textOffset: item.textOffset + m[1].length + 1 };
          const ref = valueRef(ctx, valueNode, m[2], 'env', m[1], null, {});
          if (ref) {
            refs.push(ref);
            ctx.vars.markReported(m[1], ref);
          }
        }
        continue;
      }
      visit(item, parentKey, ctx, refs, depth + 1);
    }
    return;
  }

  // Kubernetes env entry: {name: MODEL_ID, value: org/name}
  const envName = scalarString(findEntry(node, ['name']));
  const envValue = findEntry(node, ['value']);
  if (envName && envValue?.t === 'scalar' && isModelEnvName(envName)) {
    const v = scalarString(envValue);
    if (v) {
      const ref = valueRef(ctx, envValue, v, 'env', envName, null, {});
      if (ref) {
        refs.push(ref);
        ctx.vars.markReported(envName, ref);
      }
    }
  }

  const revisionNode = scalarString(findEntry(node, ['revision', 'model_revision', 'revision_of_model', 'base_model_revision']));
  const tokenizerRevision = scalarString(findEntry(node, ['tokenizer_revision']));
  const flags: LoaderFlags = {};
  const trust = findEntry(node, ['trust_remote_code']);
  if (trust?.t === 'scalar') flags.trustRemoteCode = truthy(trust.value);
  const codeRevision = scalarString(findEntry(node, ['code_revision']));
  if (codeRevision) flags.codeRevision = codeRevision;

  // Environment first, so a `--revision` in the args can be attached to the env reference.
  const envFirst = node.entries.filter((e) => /^(env|environment)$/i.test(e.key));
  for (const e of envFirst) visit(e.value, e.key, ctx, refs, depth + 1);

  // Container command and args together: `command: [vllm, serve]` + `args: [org/name]`.
  // compose runs entrypoint + command; Kubernetes command + args.
  const argvNodes = [findEntry(node, ['entrypoint']), findEntry(node, ['command']), findEntry(node, ['args'])].filter(
    (n): n is ConfigNode & { t: 'seq' } => n?.t === 'seq',
  );
  const handledCommands = new Set<ConfigNode>();
  if (argvNodes.length) {
    const words: Word[] = [];
    for (const seq of argvNodes) {
      handledCommands.add(seq);
      for (const item of seq.items) {
        const v = item.t === 'scalar' && item.value !== null ? String(item.value) : null;
        if (v === null || item.t !== 'scalar') continue;
        words.push({ text: v, offset: item.verbatim ? item.textOffset : locate(ctx, v, item.offset) });
        // `["/bin/sh", "-c", "vllm serve org/name"]`
        if (/\s/.test(v.trim())) refs.push(...shellIn(ctx, item, v));
      }
    }
    refs.push(...commandReferences(words, shellCtx(ctx)));
  }

  // An image that downloads or serves hub models, given only the id: `image: acme/hf-model-downloader`
  // + `command: org/name`. Only then is a bare `org/name` argument read as a model (elsewhere it
  // could be a relative executable such as `bin/start`).
  const image = scalarString(findEntry(node, ['image']));
  if (image && HUB_TOOL_IMAGE.test(image.replace(/[:@].*$/, ''))) {
    for (const key of ['command', 'args']) {
      const n = findEntry(node, [key]);
      const items = n?.t === 'seq' ? n.items : n?.t === 'scalar' ? [n] : [];
      const positional = items.filter((it) => it.t === 'scalar' && it.value !== null && !String(it.value).startsWith('-'));
      if (positional.length !== 1 || positional[0].t !== 'scalar' || /\s/.test(String(positional[0].value).trim())) continue;
      const item = positional[0];
      const v = String(item.value).trim();
      const ref = makeReference({ file: ctx.file, ...at(ctx, item.verbatim ? item.textOffset : locate(ctx, v, item.offset)), raw: v, kind: 'cli', call: image.replace(/^.*\//, '').replace(/[:@].*$/, ''), context: 'config' });
      if (ref?.id?.includes('/') && !refs.some((r) => r.line === ref.line && r.column === ref.column)) refs.push(ref);
    }
  }

  // `{provider: ollama, model: jina/jina-embeddings-v2-base-en}` (Continue, Open WebUI, LangChain
  // configs): an Ollama library name shares the `org/name` shape but is not a hub id.
  const ollama = /^ollama(\b|_|$)/i.test(scalarString(findEntry(node, ['provider', 'model_provider', 'llm_provider', 'api_type', 'backend'])) ?? '');

  for (const entry of node.entries) {
    const key = entry.key;
    const value = entry.value;
    const envStyle = /^[A-Z][A-Z0-9_]*$/.test(key);
    if (handledCommands.has(value) || envFirst.includes(entry)) continue;
    if (value.t === 'scalar') {
      const v = scalarString(value);
      if (v === null) continue;
      if (ollama && !envStyle && isModelKey(key) && !/^(hf\.co|huggingface\.co)\//i.test(v.trim())) continue;
      if (envStyle ? isModelEnvName(key) : isModelKey(key)) {
        const kind: ReferenceKind = envStyle ? 'env' : 'config';
        const rev = isTokenizerKey(key) ? tokenizerRevision : takesMainRevision(key) ? revisionNode : null;
        const ref = valueRef(ctx, value, v, kind, key, rev, takesMainRevision(key) || envStyle ? flags : {});
        if (ref) {
          refs.push(ref);
          if (envStyle) ctx.vars.markReported(key, ref);
          continue;
        }
      } else if (normaliseKey(key) === 'model_args' && /(^|,)\s*pretrained=/.test(v)) {
        refs.push(...modelArgsRefs(ctx, value, v));
        continue;
      } else if (isDatasetKey(key)) {
        const ref = valueRef(ctx, value, v, 'dataset', key, null, {}, true);
        if (ref) refs.push(ref);
        continue;
      } else if (isCommandKey(key) && /\s/.test(v.trim())) {
        refs.push(...shellIn(ctx, value, v));
        continue;
      }
      visit(value, key, ctx, refs, depth + 1);
    } else if (value.t === 'map' && !envStyle && isModelKey(key)) {
      // `model: {name: org/name, revision: ...}`
      const sub = value.entries.find((e) => ['name', 'id', 'path', 'repo', 'name_or_path'].includes(normaliseKey(e.key)));
      const v = scalarString(sub?.value);
      if (sub && sub.value.t === 'scalar' && v) {
        const innerRev = scalarString(findEntry(value, ['revision'])) ?? revisionNode;
        const ref = valueRef(ctx, sub.value, v, 'config', `${key}.${sub.key}`, innerRev, flags);
        if (ref) refs.push(ref);
      }
      visit({ ...value, entries: value.entries.filter((e) => e !== sub) }, key, ctx, refs, depth + 1);
    } else if (value.t === 'seq' && !envStyle && isModelKey(key) && value.items.every((i) => i.t === 'scalar')) {
      // Model card `base_model: [a, b]`.
      for (const item of value.items) {
        const v = scalarString(item);
        if (v === null || item.t !== 'scalar') continue;
        const ref = valueRef(ctx, item, v, 'config', key, revisionNode, flags);
        if (ref) refs.push(ref);
      }
    } else if (value.t === 'seq' && normaliseKey(key) === 'models' && value.items.some((i) => i.t === 'map')) {
      // `models: [{name: org/name, ...}]` model lists (serving configs): `org/name` names only.
      for (const item of value.items) {
        if (item.t !== 'map') {
          visit(item, key, ctx, refs, depth + 1);
          continue;
        }
        const named = item.entries.find((e) => ['name', 'id', 'model_id'].includes(normaliseKey(e.key)) && e.value.t === 'scalar');
        const v = scalarString(named?.value);
        let rest = item;
        if (named && named.value.t === 'scalar' && v && v.includes('/')) {
          const ref = valueRef(ctx, named.value, v, 'config', `models.${named.key}`, scalarString(findEntry(item, ['revision'])), {});
          if (ref && ref.id) {
            refs.push(ref);
            rest = { ...item, entries: item.entries.filter((e) => e !== named) };
          }
        }
        visit(rest, key, ctx, refs, depth + 1);
      }
    } else if (value.t === 'seq' && normaliseKey(key) === 'datasets') {
      // axolotl: `datasets: [{path: org/name, type: alpaca}]`
      for (const item of value.items) {
        const p = findEntry(item, ['path']);
        const v = scalarString(p);
        if (p?.t === 'scalar' && v) {
          const ref = valueRef(ctx, p, v, 'dataset', 'datasets.path', null, {}, true);
          if (ref) refs.push(ref);
        }
        if (item.t === 'map') visit({ ...item, entries: item.entries.filter((e) => normaliseKey(e.key) !== 'path') }, key, ctx, refs, depth + 1);
      }
    } else if (value.t === 'seq' && isCommandKey(key)) {
      for (const item of value.items) {
        const v = scalarString(item);
        if (v !== null && item.t === 'scalar') refs.push(...shellIn(ctx, item, v));
        else visit(item, key, ctx, refs, depth + 1);
      }
    } else {
      visit(value, key, ctx, refs, depth + 1);
    }
  }
}

/** lm-evaluation-harness / lighteval `model_args: "pretrained=org/name,revision=main"` in a config file. */
function modelArgsRefs(ctx: WalkContext, node: ConfigNode & { t: 'scalar' }, value: string): ModelReference[] {
  const refs: ModelReference[] = [];
  const pairs = value.split(',').map((p) => p.split('='));
  const revision = pairs.find(([k]) => k.trim() === 'revision')?.[1]?.trim() ?? null;
  let local = 0;
  for (const part of value.split(',')) {
    const eq = part.indexOf('=');
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (eq > 0 && v && ['pretrained', 'tokenizer', 'peft', 'delta'].includes(k)) {
      const start = local + part.indexOf(v, eq);
      const offset = node.verbatim ? node.textOffset + start : locate(ctx, v, node.offset);
      const ref = makeReference({
        file: ctx.file,
        ...at(ctx, offset),
        raw: v,
        kind: 'config',
        call: `model_args ${k}`,
        context: 'config',
        revision: k === 'tokenizer' ? null : revision,
      });
      if (ref) refs.push(ref);
    }
    local += part.length + 1;
  }
  return refs;
}

function shellCtx(ctx: WalkContext) {
  return { file: ctx.file, at: (o: number) => at(ctx, o), vars: ctx.vars };
}

/**
 * llama-swap and similar launchers keep one command per `cmd: |` block, one flag per line without
 * backslashes. No shell command starts with `-`, so a line that does continues the one before.
 * Newlines become spaces (offsets are kept); heredoc bodies are left alone.
 */
function joinFlagLines(value: string): string {
  if (value.includes('<<')) return value;
  return value.replace(/\n(?=[ \t]*-)/g, ' ');
}

/** Shell text held in a scalar; words are placed in the file by searching near the scalar. */
function shellIn(ctx: WalkContext, node: ConfigNode & { t: 'scalar' }, raw: string): ModelReference[] {
  const value = joinFlagLines(raw);
  if (node.verbatim) return shellReferences(value, node.textOffset, shellCtx(ctx));
  // Block scalars and escaped strings: tokenize the value, then find each word in the file.
  const sc = shellCtx(ctx);
  let cursor = node.offset;
  const refs = shellReferences(value, 0, {
    ...sc,
    at: (local: number) => {
      const m = /^\S+/.exec(value.slice(local));
      const found = m ? locate(ctx, m[0].replace(/^["']/, ''), cursor) : cursor;
      if (found > cursor) cursor = found;
      return at(ctx, found);
    },
  });
  return refs;
}
