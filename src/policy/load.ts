// Reads a policy file: YAML -> JSON Schema validation (which also fills the defaults, so the
// schema is the one place defaults live) -> the typed Policy. Errors name the key and line.
import { Ajv, type ErrorObject } from 'ajv';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import schema from '../../schema/policy.schema.json' with { type: 'json' };
import type { Policy, RuleSetting, Severity } from '../types.js';

export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { message: string; line: number | null; key: string }[],
  ) {
    super(
      `invalid policy file ${file}:\n` +
        problems.map((p) => `  ${file}${p.line ? `:${p.line}` : ''}: ${p.key ? `${p.key}: ` : ''}${p.message}`).join('\n'),
    );
    this.name = 'PolicyError';
  }
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
ajv.addFormat('uri', (s: string) => /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(s));
const validate = ajv.compile(schema);

type Raw = Record<string, any>;

function describeError(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'propertyNames') return `rule ids look like MG301`;
  return e.message ?? e.keyword;
}

function lineOf(doc: Document, lines: LineCounter, path: string[]): number | null {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return null;
}

/** Errors from `oneOf` branches repeat one problem; keep the most specific ones. */
function relevantErrors(errors: ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const seen = new Set<string>();
  return (kept.length ? kept : errors).filter((e) => {
    const key = `${e.instancePath}|${describeError(e)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function toPolicy(raw: Raw): Policy {
  const rules: Record<string, RuleSetting> = {};
  for (const [id, value] of Object.entries(raw.rules as Record<string, string | RuleSetting>)) {
    if (value === 'off') rules[id] = { enabled: false };
    else if (typeof value === 'string') rules[id] = { severity: value as Severity };
    else rules[id] = value;
  }
  const r = raw.require;
  const l = raw.limits;
  return {
    failOn: raw['fail-on'],
    warnOnly: raw['warn-only'],
    failOnlyIntroduced: raw['fail-only-introduced'],
    rules,
    allow: { models: raw.allow.models, orgs: raw.allow.orgs },
    deny: { models: raw.deny.models, orgs: raw.deny.orgs },
    require: {
      pinnedRevision: r['pinned-revision'],
      safetensorsOnly: r['safetensors-only'],
      noCustomCode: r['no-custom-code'],
      customCodeAllowed: r['custom-code-allowed'],
      minDownloads: r['min-downloads'],
      minAgeDays: r['min-age-days'],
      verifiedPublisher: r['verified-publisher'],
    },
    typosquat: { sensitivity: raw.typosquat.sensitivity },
    exceptions: raw.exceptions,
    ignorePaths: raw['ignore-paths'],
    watch: { orgs: raw.watch.orgs, models: raw.watch.models, openIssue: raw.watch['open-issue'] },
    hub: { url: raw.hub.url },
    limits: {
      maxBytesPerFile: l['max-bytes-per-file'],
      maxDecompressedBytes: l['max-decompressed-bytes'],
      maxPickleOps: l['max-pickle-ops'],
      maxStackDepth: l['max-stack-depth'],
      maxMemoEntries: l['max-memo-entries'],
      timeoutMsPerFile: l['timeout-ms-per-file'],
      timeoutMsPerModel: l['timeout-ms-per-model'],
      maxNesting: l['max-nesting'],
      maxSourceFileBytes: l['max-source-file-bytes'],
      maxArtifactsPerModel: l['max-artifacts-per-model'],
    },
  };
}

/** Parses and validates policy text. `file` is only used in messages. */
export function parsePolicy(text: string, file: string): Policy {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new PolicyError(
      file,
      doc.errors.map((e) => ({ message: e.message.split('\n')[0], line: e.linePos?.[0]?.line ?? null, key: '' })),
    );
  }
  const value = (doc.toJS() ?? {}) as unknown;
  if (typeof value !== 'object' || Array.isArray(value) || value === null) {
    throw new PolicyError(file, [{ message: 'the policy must be a YAML mapping of keys to values', line: 1, key: '' }]);
  }
  const raw = structuredClone(value) as Raw;
  if (!validate(raw)) {
    throw new PolicyError(
      file,
      relevantErrors(validate.errors ?? []).map((e) => {
        const path = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
        if (e.keyword === 'additionalProperties') path.push((e.params as { additionalProperty: string }).additionalProperty);
        return { message: describeError(e), line: lineOf(doc, lines, path), key: path.join('.') };
      }),
    );
  }
  return toPolicy(raw);
}

/** The policy with every default: what runs when there is no policy file. */
export function defaultPolicy(): Policy {
  return parsePolicy('{}', '(defaults)');
}
