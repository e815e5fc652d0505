// Shell commands: a small tokenizer (quotes, continuations, comments, command separators) and
// the recognisers for the model-serving and download CLIs. Used for shell scripts, Makefile
// recipes, Dockerfile RUN/CMD, container command/args and CI `run:` steps.
import type { LoaderFlags, ModelReference, RepoType } from '../types.js';
import { hasPlaceholder, isDatasetKey, isGenericModelKey, isModelEnvName, isModelKey, makeReference, mayHoldModelList, commaModelList, normaliseKey } from './common.js';
import { isInferenceApiUrl, parseModelId } from '../resolve/model-id.js';

/** One shell word: its text after quote removal and where it starts in the file. */
export interface Word {
  text: string;
  /** Offset of the word's first character in the file. */
  offset: number;
  /** File offset of each character, when quotes or escapes make them non-contiguous. */
  offsets?: number[];
  /** True when any part of the word was quoted (an assignment inside quotes is not one). */
  quoted?: boolean;
}

/** File offset of the character at `index` of a word. */
export function wordOffset(w: Word, index: number): number {
  if (w.offsets) return w.offsets[Math.min(index, w.offsets.length - 1)] ?? w.offset;
  return w.offset + index;
}

/** The part of a word from `index` on, still placed in the file. */
export function subWord(w: Word, index: number): Word {
  return { text: w.text.slice(index), offset: wordOffset(w, index), ...(w.offsets ? { offsets: w.offsets.slice(index) } : {}) };
}

/**
 * Splits shell text into simple commands (lists of words). `base` is the offset of `text` in
 * the file. Expansions (`$VAR`, `$(cmd)`, `${X:-y}`) are kept verbatim inside words.
 */
export function tokenizeShell(text: string, base = 0): Word[][] {
  const commands: Word[][] = [];
  let current: Word[] = [];
  let word = '';
  let chars: number[] = [];
  let start = -1;
  let quoted = false;
  const push = (ch: string, at: number) => {
    word += ch;
    chars.push(base + at);
  };
  const endWord = () => {
    if (start >= 0) {
      const offset = chars[0] ?? base + start;
      const contiguous = chars.every((c, k) => c === offset + k);
      current.push({ text: word, offset, ...(contiguous ? {} : { offsets: chars }), ...(quoted ? { quoted } : {}) });
    }
    word = '';
    chars = [];
    start = -1;
    quoted = false;
  };
  const endCommand = () => {
    endWord();
    if (current.length) commands.push(current);
    current = [];
  };
  // Python heredoc bodies (`python - <<EOF`) are code for the Python extractor, not commands.
  const heredocs: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<' && start < 0) {
      const m = /^<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(text.slice(i, i + 200));
      if (m) {
        if (/^python[0-9.]*$/.test(basename(current[0]?.text ?? ''))) heredocs.push(m[2]);
        endWord();
        i += m[0].length;
        continue;
      }
    }
    if (c === '\n' && heredocs.length) {
      endCommand();
      let at = i + 1;
      while (heredocs.length && at < text.length) {
        let end = text.indexOf('\n', at);
        if (end < 0) end = text.length;
        if (text.slice(at, end).trim() === heredocs[0]) heredocs.shift();
        at = end + 1;
      }
      heredocs.length = 0;
      i = at;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === '\\' && i + 1 < text.length) {
      if (start < 0) start = i;
      push(text[i + 1], i + 1);
      i += 2;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if (c === '\n' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      endCommand();
      i++;
      continue;
    }
    if (c === '#' && start < 0) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === "'" || c === '"') {
      if (start < 0) start = i;
      quoted = true;
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (c === '"' && text[j] === '\\' && j + 1 < text.length) {
          const n = text[j + 1];
          if (n === '\n') {
            j += 2;
            continue;
          }
          if (n === '\r' && text[j + 2] === '\n') {
            j += 3;
            continue;
          }
          if (n === '"' || n === '\\' || n === '$' || n === '`') {
            push(n, j + 1);
            j += 2;
            continue;
          }
        }
        push(text[j], j);
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      // Keep the whole expansion in the word, nested brackets included.
      if (start < 0) start = i;
      const open = text[i + 1];
      const close = open === '(' ? ')' : '}';
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === open) depth++;
        else if (text[j] === close && --depth === 0) break;
      }
      for (let k = i; k <= j && k < text.length; k++) push(text[k], k);
      i = j + 1;
      continue;
    }
    if (c === '`') {
      if (start < 0) start = i;
      const close = text.indexOf('`', i + 1);
      const end = close < 0 ? text.length : close;
      for (let k = i; k <= end && k < text.length; k++) push(text[k], k);
      i = end + 1;
      continue;
    }
    if (start < 0) start = i;
    push(c, i);
    i++;
  }
  endCommand();
  return commands;
}

/** The variable that holds a GitHub Actions workflow input's default. */
export function workflowInputVariable(name: string): string {
  return `INPUTS__${name.replace(/\W/g, '_')}`;
}

/** Values of variables assigned in the same file, for `$MODEL` / `$(MODEL)` / `${MODEL:-x}`. */
export class Variables {
  private readonly values = new Map<string, string | null>();
  /** Variables whose assignment was itself reported as a reference (name -> that reference, if any). */
  readonly reported = new Map<string, ModelReference | null>();

  /** Marks a variable as reported where it is assigned, so uses do not report it again. */
  markReported(name: string, ref: ModelReference | null = null): void {
    if (!this.reported.get(name)) this.reported.set(name, ref);
  }

  /**
   * An assignment met while reading the script in order: from here on the variable holds this
   * value, even if another line assigns it something else (`model=a; run $model; model=b; run $model`).
   */
  assign(name: string, written: string): void {
    const value = this.expand(written).value.replace(/^(["'])(.*)\1$/s, '$2');
    const old = this.values.get(name);
    if (hasPlaceholder(value) && old !== undefined) return;
    // Overwritten before any use: the branches of an `if`/`case` (`m=a` ... `else m=b`). The
    // earlier value is an alternative the next use may see.
    if (this.inOrder.has(name) && !this.usedSince.has(name) && typeof old === 'string' && old !== value && !hasPlaceholder(old)) {
      this.alternatives.set(name, [...(this.alternatives.get(name) ?? []), old]);
    }
    this.values.set(name, value);
    this.inOrder.add(name);
    this.usedSince.delete(name);
  }

  /** Bash arrays by name, and those whose elements were reported where written. */
  readonly arrays = new Map<string, Word[]>();
  readonly reportedArrays = new Set<string>();
  /** `for` loop variables and the values they take. */
  readonly loops = new Map<string, { values: Word[]; fromReported: boolean }>();

  private readonly inOrder = new Set<string>();
  private readonly usedSince = new Set<string>();
  private readonly alternatives = new Map<string, string[]>();

  /** Values a variable held in branches not taken by the in-order reading; each is handed out once. */
  takeAlternatives(name: string): string[] {
    const alts = this.alternatives.get(name) ?? [];
    this.alternatives.delete(name);
    return alts;
  }

  set(name: string, written: string): void {
    // Store the value as the file would see it: `A=${A:-org/x}` and `ENV A=${A}` keep A's value.
    const value = this.expand(written).value.replace(/^(["'])(.*)\1$/s, '$2');
    const old = this.values.get(name);
    if (value === written && hasPlaceholder(value) && old !== undefined) return;
    if (old === undefined) this.values.set(name, value);
    else if (old !== value) this.values.set(name, null); // assigned twice: ambiguous
  }

  get(name: string): string | null | undefined {
    return this.values.get(name);
  }

  /** Runs `body` with `$1`, `$2`, ... bound to `args`, then forgets everything it assigned. */
  withPositional<T>(args: string[], body: () => T): T {
    const saved = {
      values: new Map(this.values),
      reported: new Map(this.reported),
      inOrder: new Set(this.inOrder),
      usedSince: new Set(this.usedSince),
      alternatives: new Map(this.alternatives),
    };
    args.forEach((a, k) => this.values.set(String(k + 1), a));
    try {
      return body();
    } finally {
      for (const [target, source] of [
        [this.values, saved.values],
        [this.reported, saved.reported],
        [this.alternatives, saved.alternatives],
      ] as [Map<string, unknown>, Map<string, unknown>][]) {
        target.clear();
        for (const [k, v] of source) target.set(k, v);
      }
      for (const [target, source] of [
        [this.inOrder, saved.inOrder],
        [this.usedSince, saved.usedSince],
      ] as [Set<string>, Set<string>][]) {
        target.clear();
        for (const v of source) target.add(v);
      }
    }
  }

  /**
   * Substitutes known variables; unknown ones stay as written (so the result still has a
   * placeholder). `names` lists the variables used.
   */
  expand(text: string): { value: string; names: string[]; usedDefault: boolean } {
    const names: string[] = [];
    let usedDefault = false;
    // GitHub Actions `${{ env.MODEL }}` reads the workflow's env like `$MODEL`.
    text = text.replace(/\$\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name: string) => (this.values.has(name) ? `\${${name}}` : whole));
    // `${{ inputs.model }}` / `${{ github.event.inputs.model }}`: a workflow input's default, which a
    // manual run may override (so the value counts as a default).
    text = text.replace(/\$\{\{\s*(?:github\.event\.)?inputs\.([A-Za-z_][\w-]*)\s*\}\}/g, (whole, name: string) => {
      const key = workflowInputVariable(name);
      if (!this.values.has(key)) return whole;
      usedDefault = true;
      return `\${${key}}`;
    });
    const value = text.replace(
      /\$\$?(?:\{([A-Za-z_][A-Za-z0-9_]*|[0-9]+)(?:(:?[-=])([^}]*))?\}|\(([A-Za-z_][A-Za-z0-9_]*)\)|([A-Za-z_][A-Za-z0-9_]*|[0-9]))/g,
      (whole, braced: string | undefined, op: string | undefined, def: string | undefined, paren: string | undefined, bare: string | undefined) => {
        const name = braced ?? paren ?? bare ?? '';
        const known = this.values.get(name);
        if (typeof known === 'string' && !hasPlaceholder(known)) {
          names.push(name);
          this.usedSince.add(name);
          return known;
        }
        if (op !== undefined && def !== undefined && def.length > 0 && !hasPlaceholder(def)) {
          usedDefault = true;
          return def.replace(/^(["'])(.*)\1$/s, '$2');
        }
        return whole;
      },
    );
    return { value, names, usedDefault };
  }
}

/**
 * The revision variable that goes with a model variable: `HF_MODEL_REVISION` next to
 * `HF_MODEL_ID` (SageMaker), `REVISION` next to `MODEL_ID` (text-generation-inference).
 */
export function envRevision(vars: Variables, name: string): string | null {
  const stem = name.replace(/_(ID|NAME|REPO|REPO_ID|NAME_OR_PATH)$/, '');
  const candidates = [`${stem}_REVISION`, `${name}_REVISION`];
  if (/^(HF_)?MODEL_ID$/.test(name)) candidates.push('HF_MODEL_REVISION', 'MODEL_REVISION', 'REVISION');
  for (const c of candidates) {
    const v = vars.get(c);
    if (typeof v === 'string' && v && !hasPlaceholder(v)) return v;
  }
  return null;
}

/** `NAME=value` at the start of a command (or after export/ENV): the name, or null. */
export function assignmentOf(word: Word): { name: string; value: string } | null {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word.text);
  if (!m || word.text.startsWith('=')) return null;
  return { name: m[1], value: m[2] };
}

// Long options that take a value, for skipping to the positional model argument.
const VALUE_OPTIONS = new Set([
  '--repo-type', '--revision', '--include', '--exclude', '--cache-dir', '--local-dir', '--token',
  '--max-workers', '--local-dir-use-symlinks', '--etag-timeout', '--host', '--port', '--config',
  '--tp', '--backend', '--model-format', '--server-port', '--server-name', '--session-len',
  '--dtype', '--tensor-parallel-size', '--quantization', '--out-dir', '--output-dir', '--access-token',
]);

interface PositionalCommand {
  program: RegExp;
  sub: string[];
  call: string;
}
// Programs whose first positional argument after a sub-command is a hub id.
const POSITIONAL: PositionalCommand[] = [
  { program: /^vllm$/, sub: ['serve'], call: 'vllm serve' },
  { program: /^(huggingface-cli|hf)$/, sub: ['download'], call: 'huggingface-cli download' },
  // Upload destinations: push targets, like `hub_model_id` in a training config.
  { program: /^(huggingface-cli|hf)$/, sub: ['upload'], call: 'huggingface-cli upload' },
  { program: /^(huggingface-cli|hf)$/, sub: ['upload-large-folder'], call: 'huggingface-cli upload' },
  { program: /^(huggingface-cli|hf)$/, sub: ['repo', 'create'], call: 'huggingface-cli repo create' },
  { program: /^transformers-cli$/, sub: ['download'], call: 'transformers-cli download' },
  { program: /^lmdeploy$/, sub: ['serve', 'api_server'], call: 'lmdeploy serve api_server' },
  { program: /^lmdeploy$/, sub: ['chat'], call: 'lmdeploy chat' },
  { program: /^tune$/, sub: ['download'], call: 'tune download' },
  { program: /^litgpt$/, sub: ['download'], call: 'litgpt download' },
  { program: /^litgpt$/, sub: ['serve'], call: 'litgpt serve' },
  { program: /^litgpt$/, sub: ['chat'], call: 'litgpt chat' },
  { program: /^litgpt$/, sub: ['finetune'], call: 'litgpt finetune' },
  { program: /^litgpt$/, sub: ['finetune_lora'], call: 'litgpt finetune_lora' },
  { program: /^litgpt$/, sub: ['finetune_full'], call: 'litgpt finetune_full' },
  { program: /^litgpt$/, sub: ['finetune_adapter'], call: 'litgpt finetune_adapter' },
  { program: /^litgpt$/, sub: ['generate'], call: 'litgpt generate' },
  { program: /^litgpt$/, sub: ['evaluate'], call: 'litgpt evaluate' },
  { program: /^aphrodite$/, sub: ['run'], call: 'aphrodite run' },
  { program: /^mlx_lm\.(generate|server|convert)$/, sub: [], call: 'mlx_lm' },
];

// Commands that are model tools (serving, training, evaluation, conversion).
const ML_COMMAND = /\b(vllm|sglang|text-generation-launcher|text-embeddings-router|lmdeploy|llama[-_.\w]*|lm_eval|lm-eval|accelerate|torchrun|deepspeed|transformers|trl|huggingface-cli|hf|mlx_lm[.\w]*|optimum-cli|tune|litgpt|ollama|aphrodite|infinity_emb|axolotl|llamafactory-cli|swift|tgi|tei)\b|\b(train|finetune|fine_tune|serve|inference|eval|evaluate|run_\w+)\.py\b/;

// Flags whose value is a hub id, beyond the model-key names config files use.
const EXTRA_MODEL_FLAGS = new Set(['hf_repo', 'hfr', 'hf_path', 'hf_model', 'model_repo', 'hf_model_repo_id']);
const NOT_MODEL_FLAGS = new Set(['served_model_name', 'model_type', 'output_model', 'model_dir', 'model_max_len', 'model_loader', 'model_impl']);

function flagName(flag: string): string {
  return normaliseKey(flag.replace(/^-+/, ''));
}

function isModelFlag(flag: string, program: string): boolean {
  if (!/^--?[A-Za-z]/.test(flag)) return false;
  const name = flagName(flag);
  if (NOT_MODEL_FLAGS.has(name)) return false;
  // llama.cpp: `-hf org/name:Q4_K_M`; single-dash short options are program-specific otherwise.
  if (flag === '-hf' || flag === '-hfr') return /llama|ggml/.test(program);
  // mistral.rs: `mistralrs-server plain -m org/name`.
  if (flag === '-m') return /^mistralrs/.test(program);
  // LitGPT takes a hub id where other tools take a folder: `litgpt pretrain --tokenizer_dir org/name`.
  if (name === 'tokenizer_dir' || name === 'checkpoint_dir') return /^litgpt$/.test(program);
  if (!flag.startsWith('--')) return false;
  if (name === 'repo' || name === 'repository') return false; // GitHub repos (gh --repo)
  // OpenRLHF: `--pretrain org/name`, `--reward_pretrain`, `--critic_pretrain`, `--ref_pretrain`.
  return isModelKey(name) || EXTRA_MODEL_FLAGS.has(name) || name === 'pretrain' || name.endsWith('_pretrain');
}

function basename(word: string): string {
  return word.replace(/^.*\//, '');
}

/**
 * The program a command runs. `"$HF" download org/name` with `HF=$VENV/bin/hf` runs `hf`: a
 * program held in a variable is known by the last segment of its value.
 */
function programName(word: string, vars: Variables): string {
  const v = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(word);
  const value = v ? vars.get(v[1]) : null;
  if (typeof value !== 'string') return basename(word);
  // `HF=$(command -v hf || true)`, `HF=$(which hf)`: the program looked up.
  const lookedUp = /^\$\((?:command\s+-v|which|type\s+-[pP])\s+([\w.-]+)/.exec(value);
  const name = lookedUp ? lookedUp[1] : basename(value.replace(/^(["'])(.*)\1$/, '$2'));
  return /^[\w.-]+$/.test(name) ? name : basename(word);
}

export interface ShellContext {
  file: string;
  at: (offset: number) => { line: number; column: number };
  vars: Variables;
  /** Kind for references found in command arguments (default `cli`). */
  kind?: 'cli' | 'env';
}

/** Records assignments at the head of commands (`MODEL=x cmd`, `export MODEL=x`) as variables. */
export function collectAssignments(commands: Word[][], vars: Variables, inOrder = false): void {
  for (const words of commands) {
    let i = 0;
    if (['export', 'declare', 'local', 'readonly', 'typeset'].includes(words[0]?.text ?? '')) i = 1;
    for (; i < words.length; i++) {
      if (words[i].text.startsWith('-')) continue;
      const a = assignmentOf(words[i]);
      if (!a) break;
      if (inOrder) vars.assign(a.name, a.value);
      else vars.set(a.name, a.value);
    }
  }
}

/** References made by one simple command. */
export function commandReferences(words: Word[], ctx: ShellContext): ModelReference[] {
  const refs: ModelReference[] = [];
  let i = 0;
  if (['export', 'declare', 'local', 'readonly', 'typeset', 'set'].includes(words[0]?.text ?? '')) i = 1;
  // Leading assignments: `MODEL_ID=org/name python serve.py`, `export HF_MODEL=...`.
  for (; i < words.length; i++) {
    if (words[i].text.startsWith('-') && i > 0) continue;
    const a = assignmentOf(words[i]);
    if (!a) break;
    const eq = words[i].text.indexOf('=');
    const expanded = ctx.vars.expand(a.value);
    const valueOffset = wordOffset(words[i], eq + 1);
    // `export EVAL_MODELS=org/a,org/b`: one reference per model of the list, where it is written.
    const list = expanded.value === a.value && mayHoldModelList(a.name) ? commaModelList(a.value) : null;
    if (list) {
      for (const part of list) {
        const ref = refAt(ctx, wordOffset(words[i], eq + 1 + part.offset), part.text, part.text, 'env', a.name, {}, null, false);
        if (ref) refs.push(ref);
      }
      ctx.vars.markReported(a.name);
      continue;
    }
    if (isModelEnvName(a.name)) {
      const ref = refAt(ctx, valueOffset, expanded.value, a.value, 'env', a.name, {}, null, expanded.usedDefault);
      if (ref) {
        refs.push(ref);
        ctx.vars.markReported(a.name, ref);
      }
    } else {
      const ref = explicitHubRef(ctx, valueOffset, expanded.value, 'env', a.name) ?? quantisedRepoRef(ctx, valueOffset, expanded.value, a.name);
      if (ref) {
        refs.push(ref);
        ctx.vars.markReported(a.name, ref);
      }
    }
  }
  const argv = words.slice(i);
  if (!argv.length) return refs;
  const programWord = argv.find((w) => !/^(sudo|env|exec|nohup|time|uv|poetry|pipenv|run|conda|docker|podman)$/.test(w.text))?.text ?? argv[0].text;
  const program = programName(programWord, ctx.vars);

  // Loader flags and revisions written anywhere in the command.
  let revision: string | null = null;
  let tokenizerRevision: string | null = null;
  let repoType: RepoType = 'model';
  const flags: LoaderFlags = {};
  for (let j = 0; j < argv.length; j++) {
    const [flag, inline] = splitFlag(argv[j].text);
    const next = inline ?? argv[j + 1]?.text;
    const name = flagName(flag);
    if (!flag.startsWith('--')) continue;
    if ((name === 'revision' || name === 'model_revision') && next) revision = ctx.vars.expand(next).value;
    else if (name === 'tokenizer_revision' && next) tokenizerRevision = ctx.vars.expand(next).value;
    else if (name === 'code_revision' && next) flags.codeRevision = ctx.vars.expand(next).value;
    else if (name === 'repo_type' && next && (next === 'dataset' || next === 'space')) repoType = next;
    else if (name === 'trust_remote_code') {
      const v = inline ?? (argv[j + 1] && /^(true|false|1|0)$/i.test(argv[j + 1].text) ? argv[j + 1].text : 'true');
      flags.trustRemoteCode = /^(true|1)$/i.test(v);
    }
  }
  if (revision && hasPlaceholder(revision)) revision = null;
  if (tokenizerRevision && hasPlaceholder(tokenizerRevision)) tokenizerRevision = null;
  const seen = new Set<number>();

  // Model flags: `--model org/name`, `--model-id=org/name`, `-hf org/name:Q4_K_M`. A placeholder
  // after a generic flag (`npm test -- --model $X`) is reported unresolved only for ML tools.
  const mlCommand = ML_COMMAND.test(argv.map((w) => w.text).join(' '));
  for (let j = 0; j < argv.length; j++) {
    const [flag, inline] = splitFlag(argv[j].text);
    if (!isModelFlag(flag, program)) continue;
    const valueWord = inline !== undefined ? subWord(argv[j], flag.length + 1) : argv[j + 1];
    if (!valueWord || (inline === undefined && valueWord.text.startsWith('-'))) continue;
    const tok = /tokenizer/.test(flagName(flag));
    const unresolvedOk = mlCommand || !isGenericModelKey(flagName(flag));
    const looped = loopRefs(ctx, valueWord, flag, flags, repoType);
    const ref = looped ? null : refFromWord(ctx, valueWord, flag, tok ? tokenizerRevision : revision, flags, repoType, unresolvedOk);
    if (looped) refs.push(...looped);
    if (ref) refs.push(ref);
    if (ref?.id) refs.push(...alternativeRefs(ctx, valueWord, flag, flags, repoType));
    seen.add(valueWord.offset);
    if (inline === undefined) j++;
  }

  // `docker run -e MODEL_ID=org/name`, `docker build --build-arg MODEL=org/name`.
  for (let j = 1; j < argv.length; j++) {
    if (!/^(-e|--env|--build-arg|--set|--set-string)$/.test(argv[j - 1].text)) continue;
    const a = assignmentOf(argv[j]);
    if (!a) continue;
    const name = a.name.replace(/^.*\./, '');
    const valueOffset = wordOffset(argv[j], argv[j].text.indexOf('=') + 1);
    const isModel = argv[j - 1].text.startsWith('--set') ? isModelKey(name) : isModelEnvName(name);
    const expanded = ctx.vars.expand(a.value);
    if (!isModel) {
      // `-e LLAMA_ARG_MODEL_URL=https://huggingface.co/org/name/resolve/...`: a hub URL under any name.
      const ref = explicitHubRef(ctx, valueOffset, expanded.value, 'env', a.name, revision);
      if (ref) {
        refs.push(ref);
        seen.add(argv[j].offset);
      }
      continue;
    }
    const ref = refAt(ctx, valueOffset, expanded.value, a.value, 'env', a.name, {}, revision, expanded.usedDefault || expanded.names.length > 0);
    if (ref) refs.push(ref);
    seen.add(argv[j].offset);
  }

  // Training scripts: `--dataset_name org/name` (recorded as a dataset, not assessed).
  for (let j = 0; j < argv.length; j++) {
    const [flag, inline] = splitFlag(argv[j].text);
    if (!flag.startsWith('--') || !isDatasetKey(flagName(flag))) continue;
    const w = inline !== undefined ? subWord(argv[j], flag.length + 1) : argv[j + 1];
    if (!w || w.text.startsWith('-')) continue;
    const ref = refFromWord(ctx, w, flag, null, {}, 'dataset', false);
    if (ref?.repoType === 'dataset') refs.push(ref);
    seen.add(w.offset);
  }

  // vLLM LoRA adapters: `--lora-modules sql=org/sql-lora chat=org/chat-lora`.
  for (let j = 0; j < argv.length; j++) {
    if (flagName(splitFlag(argv[j].text)[0]) !== 'lora_modules') continue;
    for (let k = j + 1; k < argv.length && !argv[k].text.startsWith('-'); k++) {
      const eq = argv[k].text.indexOf('=');
      if (eq <= 0 || argv[k].text.startsWith('{')) continue;
      const ref = refFromWord(ctx, subWord(argv[k], eq + 1), '--lora-modules', null, {}, 'model', false);
      if (ref) refs.push(ref);
      seen.add(argv[k].offset);
    }
  }

  // lm-evaluation-harness: `--model hf --model_args pretrained=org/name,revision=step1000`.
  for (let j = 0; j < argv.length; j++) {
    const [flag, inline] = splitFlag(argv[j].text);
    if (flagName(flag) !== 'model_args') continue;
    const w = inline !== undefined ? subWord(argv[j], flag.length + 1) : argv[j + 1];
    if (!w) continue;
    seen.add(w.offset);
    const pairs = w.text.split(',').map((p) => p.split('='));
    const rev = pairs.find(([k]) => k === 'revision')?.[1] ?? null;
    let local = 0;
    for (const part of w.text.split(',')) {
      const [k, v] = part.split('=');
      if (v && ['pretrained', 'tokenizer', 'peft', 'delta'].includes(k)) {
        const valueWord = { text: v, offset: wordOffset(w, local + k.length + 1) };
        const looped = loopRefs(ctx, valueWord, `--model_args ${k}`, flags, 'model');
        const ref = looped ? null : refFromWord(ctx, valueWord, `--model_args ${k}`, k === 'tokenizer' ? null : rev, flags, 'model', true);
        if (looped) refs.push(...looped);
        if (ref) refs.push(ref);
      }
      local += part.length + 1;
    }
  }

  // Positional ids: `vllm serve org/name`, `huggingface-cli download org/name file`.
  for (let j = 0; j < argv.length; j++) {
    const prog = programName(argv[j].text, ctx.vars);
    for (const p of POSITIONAL) {
      if (!p.program.test(prog)) continue;
      if (!p.sub.every((s, k) => argv[j + 1 + k]?.text === s)) continue;
      let k = j + 1 + p.sub.length;
      while (k < argv.length && argv[k].text.startsWith('-')) {
        const [f, inline] = splitFlag(argv[k].text);
        k += inline === undefined && VALUE_OPTIONS.has(f) ? 2 : 1;
      }
      const w = argv[k];
      if (w && !seen.has(w.offset)) {
        const looped = loopRefs(ctx, w, p.call, flags, repoType);
        const ref = looped ? null : refFromWord(ctx, w, p.call, revision, flags, repoType, true);
        if (looped) refs.push(...looped);
        if (ref) refs.push(ref);
        if (ref?.id) refs.push(...alternativeRefs(ctx, w, p.call, flags, repoType));
        seen.add(w.offset);
      }
    }
  }

  // `curl ... -d '{"model": "org/name", ...}'` against an OpenAI-compatible server.
  if (/^(curl|http|https|xh)$/.test(program)) {
    for (const w of argv) {
      if (!w.text.trimStart().startsWith('{')) continue;
      let body: unknown;
      try {
        body = JSON.parse(w.text);
      } catch {
        continue;
      }
      const model = body && typeof body === 'object' ? (body as Record<string, unknown>).model : undefined;
      if (typeof model !== 'string') continue;
      const at = w.text.indexOf(JSON.stringify(model));
      const ref = refFromWord(ctx, { text: model, offset: wordOffset(w, Math.max(0, at + 1)) }, 'curl model', null, {}, 'model', false);
      if (ref) {
        ref.kind = 'inference';
        refs.push(ref);
      }
    }
  }

  // Hub URLs and hf.co/ names anywhere: `ollama run hf.co/org/name:Q4_K_M`, `git clone https://huggingface.co/org/name`.
  for (const w of argv) {
    if (seen.has(w.offset)) continue;
    // `wget $URL` where `URL=https://huggingface.co/...` was reported where it is written.
    const onlyVar = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$|^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$/.exec(w.text);
    if (onlyVar && ctx.vars.reported.get(onlyVar[1] ?? onlyVar[2])) continue;
    const expanded = ctx.vars.expand(w.text).value;
    const kind = isInferenceApiUrl(expanded) ? 'inference' : /^(wget|curl|aria2c)$/.test(program) ? 'url' : 'cli';
    const call = program === 'git' ? 'git clone' : program === 'ollama' ? 'ollama' : program;
    const ref = explicitHubRef(ctx, w.offset, expanded, kind, call, revision, flags);
    if (ref) refs.push(ref);
  }
  return refs;
}

function splitFlag(text: string): [string, string | undefined] {
  if (!text.startsWith('-')) return [text, undefined];
  const eq = text.indexOf('=');
  return eq > 0 ? [text.slice(0, eq), text.slice(eq + 1)] : [text, undefined];
}

function refFromWord(
  ctx: ShellContext,
  w: Word,
  call: string,
  revision: string | null,
  flags: LoaderFlags,
  repoType: RepoType,
  unresolvedAllowed: boolean,
): ModelReference | null {
  const expanded = ctx.vars.expand(w.text);
  // `MODEL_PATH="$1"` was reported (unresolved) where it is assigned: `--model-path $MODEL_PATH` is the same reference.
  const single = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(w.text);
  if (single && hasPlaceholder(expanded.value) && ctx.vars.reported.get(single[1])?.id === null) return null;
  if (expanded.names.length > 0 && expanded.names.every((n) => ctx.vars.reported.has(n)) && !hasPlaceholder(expanded.value)) {
    // Reported where the variable is assigned; a revision or flags given here belong to it.
    const earlier = expanded.names.length === 1 ? ctx.vars.reported.get(expanded.names[0]) : null;
    if (earlier) {
      if (revision && !earlier.revision) earlier.revision = revision;
      Object.assign(earlier.flags, flags);
    }
    return null;
  }
  const pos = ctx.at(w.offset);
  const ref = makeReference({
    file: ctx.file,
    ...pos,
    raw: expanded.value,
    kind: ctx.kind ?? 'cli',
    call,
    context: 'config',
    revision,
    flags,
    repoType,
    unresolvedAllowed,
    confidence: expanded.names.length || expanded.usedDefault ? 'medium' : 'high',
  });
  if (ref) ref.raw = w.text;
  return ref;
}

/** The other branch's values of a variable used alone as a word (`--model $base_model`). */
function alternativeRefs(ctx: ShellContext, w: Word, call: string, flags: LoaderFlags, repoType: RepoType): ModelReference[] {
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(w.text);
  if (!m) return [];
  const refs: ModelReference[] = [];
  for (const alt of ctx.vars.takeAlternatives(m[1])) {
    const ref = makeReference({ file: ctx.file, ...ctx.at(w.offset), raw: alt, kind: ctx.kind ?? 'cli', call, context: 'config', flags, repoType, confidence: 'medium' });
    if (ref?.id) {
      ref.raw = w.text;
      refs.push(ref);
    }
  }
  return refs;
}

function refAt(
  ctx: ShellContext,
  offset: number,
  value: string,
  raw: string,
  kind: 'cli' | 'env',
  call: string,
  flags: LoaderFlags,
  revision: string | null,
  usedDefault: boolean,
): ModelReference | null {
  const ref = makeReference({
    file: ctx.file,
    ...ctx.at(offset),
    raw: value,
    kind,
    call,
    context: 'config',
    revision,
    flags,
    unresolvedAllowed: true,
    confidence: usedDefault ? 'medium' : 'high',
  });
  if (ref && ref.id === null) ref.raw = raw;
  return ref;
}

/** A word that is unmistakably a hub reference (hub URL, hf.co/, hf://), whatever the command. */
export function explicitHubRef(
  ctx: { file: string; at: (offset: number) => { line: number; column: number } },
  offset: number,
  text: string,
  kind: 'cli' | 'env' | 'url' | 'config' | 'inference',
  call: string,
  revision: string | null = null,
  flags: LoaderFlags = {},
): ModelReference | null {
  // Credentials in a clone URL (`https://user:$HF_TOKEN@huggingface.co/org/name`) are dropped:
  // they are not part of the id, and a report must never repeat a token.
  const bare = text.replace(/^(https?:\/\/)[^/@\s]*@(?=(www\.)?(huggingface\.co|hf\.co)\/)/i, '$1');
  if (!/^(https?:\/\/(www\.|api-inference\.|router\.)?(huggingface\.co|hf\.co)\/|hf\.co\/|huggingface\.co\/|hf:\/\/|hg:\/\/|huggingface:\/\/|hf_hub:|hf-hub:)/i.test(bare)) return null;
  return makeReference({ file: ctx.file, ...ctx.at(offset), raw: bare, kind, call, context: 'free-text', revision, flags });
}

// Repository names that only the hub uses: quantised exports (`TheBloke/Llama-2-7B-GGUF`).
const QUANTISED_REPO = /[-_.](gguf|gptq|awq|exl2)$/i;

/**
 * A value assigned to a variable whose name says nothing (`REPO ?= org/name-GGUF`) is still a
 * hub id when the repository name is one of the quantised-export suffixes only the hub uses.
 */
export function quantisedRepoRef(
  ctx: { file: string; at: (offset: number) => { line: number; column: number } },
  offset: number,
  text: string,
  call: string,
): ModelReference | null {
  if (hasPlaceholder(text)) return null;
  const parsed = parseModelId(text, 'config');
  if (!parsed || !parsed.id.includes('/') || !QUANTISED_REPO.test(parsed.id)) return null;
  return makeReference({ file: ctx.file, ...ctx.at(offset), raw: text, kind: 'env', call, context: 'config', confidence: 'medium' });
}

/** Every reference in a piece of shell text (a script, a recipe line, a `run:` block). */
export function shellReferences(text: string, base: number, ctx: ShellContext): ModelReference[] {
  const commands = tokenizeShell(text, base);
  // Bash arrays (`MODELS=( "org/a" "org/b" )`): a model-list name reports each element where it
  // is written; any array can feed a `for m in "${ARR[@]}"` loop.
  const refs: ModelReference[] = [];
  for (const arr of bashArrays(text, base)) {
    ctx.vars.arrays.set(arr.name, arr.items);
    if (!isModelListName(arr.name)) continue;
    ctx.vars.reportedArrays.add(arr.name);
    for (const item of arr.items) {
      const ref = makeReference({ file: ctx.file, ...ctx.at(item.offset), raw: ctx.vars.expand(item.text).value, kind: 'env', call: arr.name, context: 'config' });
      if (ref?.id) {
        ref.raw = item.text;
        refs.push(ref);
      }
    }
  }
  // First every assignment (a function may use a variable assigned further down), then each
  // command in order with the value it sees at that point.
  collectAssignments(commands, ctx.vars);
  for (const words of commands) {
    collectAssignments([words], ctx.vars, true);
    noteLoop(words, ctx.vars);
    refs.push(...commandReferences(words, ctx));
  }
  const called = functionCallRefs(commands, ctx, refs);
  return [...refs, ...called];
}

interface ShellFunction {
  name: string;
  body: Word[][];
  /** Offsets of the body's first and last word. */
  from: number;
  to: number;
}

/** `name() { ... }` and `function name { ... }` (the tokenizer drops the parentheses). */
function shellFunctions(commands: Word[][]): ShellFunction[] {
  const found: ShellFunction[] = [];
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i];
    let name: string | null = null;
    let bodyStart = -1;
    const isName = (t: string | undefined) => t !== undefined && /^[A-Za-z_][\w-]*$/.test(t);
    if (c[0]?.text === 'function' && isName(c[1]?.text)) {
      name = c[1].text;
      if (c[2]?.text === '{' && c.length === 3) bodyStart = i + 1;
      else if (c.length === 2 && commands[i + 1]?.length === 1 && commands[i + 1][0].text === '{') bodyStart = i + 2;
    } else if (c.length === 1 && isName(c[0].text) && commands[i + 1]?.length === 1 && commands[i + 1][0].text === '{') {
      name = c[0].text;
      bodyStart = i + 2;
    }
    if (!name || bodyStart < 0) continue;
    let depth = 1;
    let j = bodyStart;
    for (; j < commands.length; j++) {
      const first = commands[j][0]?.text;
      if (first === '}') depth--;
      else if (first === '{' || commands[j][commands[j].length - 1]?.text === '{') depth++;
      if (depth === 0) break;
    }
    const body = commands.slice(bodyStart, j);
    if (body.length) found.push({ name, body, from: body[0][0].offset, to: body[body.length - 1][body[body.length - 1].length - 1].offset });
  }
  return found;
}

/**
 * Helpers called with the model as an argument: `download_if_missing file.gguf org/name` where the
 * body runs `hf download "$2"` (or `local repo="$2"` ... `"$repo"`). The body is read again for each
 * call with the call's arguments, and what it finds is reported at the argument that supplied it.
 * Unresolved references of a body whose calls all resolve are dropped.
 */
function functionCallRefs(commands: Word[][], ctx: ShellContext, mainRefs: ModelReference[]): ModelReference[] {
  const functions = shellFunctions(commands);
  if (!functions.length) return [];
  const out: ModelReference[] = [];
  const seen = new Set<string>();
  const callsByName = new Map<string, Word[][]>();
  for (const c of commands) {
    if (c.length < 2) continue;
    const list = callsByName.get(c[0].text);
    if (list) list.push(c);
    else callsByName.set(c[0].text, [c]);
  }
  for (const fn of functions) {
    let resolvedAny = false;
    for (const call of callsByName.get(fn.name) ?? []) {
      const args = call.slice(1).map((w) => ctx.vars.expand(w.text).value);
      const found = ctx.vars.withPositional(args, () => {
        const refs: ModelReference[] = [];
        for (const words of fn.body) {
          collectAssignments([words], ctx.vars, true);
          refs.push(...commandReferences(words, ctx));
        }
        return refs;
      });
      for (const ref of found) {
        if (!ref.id) continue;
        const k = args.findIndex((a) => !hasPlaceholder(a) && (a === ref.raw || ref.raw.startsWith(a) || a === ref.id));
        if (k < 0) continue;
        resolvedAny = true;
        // `fetch "$MODEL_ID"` where MODEL_ID was reported where it is assigned: the same reference.
        const names = ctx.vars.expand(call[k + 1].text).names;
        if (names.length > 0 && names.every((n) => ctx.vars.reported.has(n))) continue;
        const at = ctx.at(call[k + 1].offset);
        const key = `${at.line}:${at.column}:${ref.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ ...ref, ...at, call: `${fn.name} ${ref.call}` });
      }
    }
    if (resolvedAny) {
      for (let i = mainRefs.length - 1; i >= 0; i--) {
        const r = mainRefs[i];
        if (r.id !== null) continue;
        const pos = r.line;
        if (pos >= ctx.at(fn.from).line && pos <= ctx.at(fn.to).line) mainRefs.splice(i, 1);
      }
    }
  }
  return out;
}

// `MODELS`, `EVAL_MODELS`, `model_list`, `MODEL_IDS`: names of lists of models.
function isModelListName(name: string): boolean {
  return /^(?:[A-Za-z0-9]+_)*(MODELS|MODEL_LIST|MODEL_NAMES|MODEL_IDS|models|model_list|model_names|model_ids)$/.test(name);
}

/** `NAME=( a "b" 'c' )` arrays in shell text, with each element's offset. */
function bashArrays(text: string, base: number): { name: string; items: Word[] }[] {
  const out: { name: string; items: Word[] }[] = [];
  const re = /(^|[\s;])(?:declare\s+-a\s+|local\s+|export\s+)?([A-Za-z_][A-Za-z0-9_]*)=\(([^()]{0,4000})\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const bodyStart = m.index + m[0].length - m[3].length - 1;
    const items: Word[] = [];
    const item = /"([^"]*)"|'([^']*)'|([^\s"'#]+)|#[^\n]*/g;
    let e: RegExpExecArray | null;
    while ((e = item.exec(m[3]))) {
      if (e[0].startsWith('#')) continue;
      const value = e[1] ?? e[2] ?? e[3];
      const quoted = e[1] !== undefined || e[2] !== undefined;
      items.push({ text: value, offset: base + bodyStart + e.index + (quoted ? 1 : 0) });
    }
    out.push({ name: m[2], items });
  }
  return out;
}

/** `for m in a b "${ARR[@]}"; do`: the values `$m` takes, where each is written. */
function noteLoop(words: Word[], vars: Variables): void {
  if (words[0]?.text !== 'for' || words[2]?.text !== 'in' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(words[1]?.text ?? '')) return;
  const values: Word[] = [];
  let fromReported = false;
  for (const w of words.slice(3)) {
    if (w.text === 'do' || w.text === ';') break;
    const arr = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\[[@*]\]\}$/.exec(w.text) ?? /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(w.text);
    const items = arr ? vars.arrays.get(arr[1]) : undefined;
    if (arr && items) {
      if (vars.reportedArrays.has(arr[1])) fromReported = true;
      else values.push(...items);
    } else if (!hasPlaceholder(w.text)) values.push(w);
  }
  vars.loops.set(words[1].text, { values, fromReported });
}

/**
 * `--model $m` inside a loop: the loop's values, each reported where it is written; null when
 * the word is not a loop variable (an empty list when the values were reported elsewhere).
 */
function loopRefs(ctx: ShellContext, w: Word, call: string, flags: LoaderFlags, repoType: RepoType): ModelReference[] | null {
  const m = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(w.text);
  const loop = m ? ctx.vars.loops.get(m[1]) : undefined;
  if (!loop) return null;
  const refs: ModelReference[] = [];
  for (const v of loop.values) {
    const ref = makeReference({ file: ctx.file, ...ctx.at(v.offset), raw: ctx.vars.expand(v.text).value, kind: ctx.kind ?? 'cli', call, context: 'config', flags, repoType, confidence: 'medium' });
    if (ref?.id) {
      ref.raw = v.text;
      refs.push(ref);
    }
  }
  if (!refs.length && !loop.fromReported) return null;
  loop.values = [];
  return refs;
}

/** True when a variable name and value pair, found outside a command, names a model. */
export function isModelAssignment(name: string): boolean {
  return isModelEnvName(name);
}
