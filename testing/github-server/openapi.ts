// GitHub's published OpenAPI description (from @octokit/openapi) turned into a request checker:
// which operation a method + path is, whether its path and query parameters are declared, and
// whether its JSON body satisfies the operation's request-body schema. Also the spec's own
// response examples, which the server uses as the base of its answers.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';

type Json = any;

export interface Operation {
  operationId: string;
  method: string;
  /** The path template, e.g. `/repos/{owner}/{repo}/check-runs`. */
  template: string;
  regex: RegExp;
  paramNames: string[];
  op: Json;
}

export interface MatchedOperation {
  operation: Operation;
  params: Record<string, string>;
}

const SPEC_ID = 'github-openapi';

function pointerEscape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export class OpenApiChecker {
  readonly spec: Json;
  private readonly operations: Operation[] = [];
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(spec: Json) {
    this.spec = spec;
    for (const [template, item] of Object.entries<Json>(spec.paths)) {
      const paramNames = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const regex = new RegExp(
        `^${template
          .split(/\{[^}]+\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('([^/]+)')}$`,
      );
      for (const method of ['get', 'post', 'put', 'patch', 'delete', 'head']) {
        const op = item[method];
        if (op) this.operations.push({ operationId: op.operationId, method: method.toUpperCase(), template, regex, paramNames, op });
      }
    }
    // Literal segments win over parameters (`/repos/{o}/{r}/check-runs` over a catch-all).
    this.operations.sort((a, b) => a.paramNames.length - b.paramNames.length);
    // OpenAPI 3.0 schemas: `nullable` is understood by Ajv; examples and x-github extensions
    // are not schema keywords, hence strict off.
    this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true });
    this.ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s));
    this.ajv.addFormat('uri', (s: string) => URL.canParse(s));
    this.ajv.addFormat('email', (s: string) => /^[^\s@]+@[^\s@]+$/.test(s));
    for (const f of ['uri-template', 'binary', 'uuid', 'date', 'hostname', 'repo.nwo', 'ssh-key', 'ssh-key fingerprint', 'int32', 'int64', 'ipv4', 'ipv6', 'password', 'timestamp']) {
      this.ajv.addFormat(f, true);
    }
    this.ajv.addSchema(spec, SPEC_ID);
  }

  match(method: string, path: string): MatchedOperation | null {
    for (const operation of this.operations) {
      if (operation.method !== method) continue;
      const m = operation.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      operation.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1])));
      return { operation, params };
    }
    return null;
  }

  /** `#/components/...` references inside the spec, followed. */
  deref(node: Json): Json {
    let n = node;
    while (n && typeof n === 'object' && typeof n.$ref === 'string') {
      n = n.$ref
        .slice(2)
        .split('/')
        .map((p: string) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((acc: Json, key: string) => acc?.[key], this.spec);
    }
    return n;
  }

  private parameters(operation: Operation): Json[] {
    return (operation.op.parameters ?? []).map((p: Json) => this.deref(p));
  }

  /** Problems with path and query parameters: undeclared query keys, non-integers for integers. */
  checkParameters(matched: MatchedOperation, query: URLSearchParams): string[] {
    const problems: string[] = [];
    const declared = this.parameters(matched.operation);
    for (const key of new Set(query.keys())) {
      const p = declared.find((d) => d.in === 'query' && d.name === key);
      if (!p) {
        problems.push(`query parameter "${key}" is not declared for ${matched.operation.operationId}`);
        continue;
      }
      if (p.schema?.type === 'integer' && !/^\d+$/.test(query.get(key)!)) problems.push(`query parameter "${key}" must be an integer`);
      if (p.schema?.enum && !p.schema.enum.includes(query.get(key))) problems.push(`query parameter "${key}" must be one of ${p.schema.enum.join(', ')}`);
    }
    for (const p of declared.filter((d) => d.in === 'path')) {
      const value = matched.params[p.name];
      if (value === undefined) problems.push(`path parameter "${p.name}" missing`);
      else if (p.schema?.type === 'integer' && !/^\d+$/.test(value)) problems.push(`path parameter "${p.name}" must be an integer, got "${value}"`);
    }
    return problems;
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.validators.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
      this.validators.set(pointer, v);
    }
    return v;
  }

  /** Problems with the JSON body; [] when it satisfies the request-body schema. */
  checkBody(matched: MatchedOperation, body: unknown): string[] {
    const { operation } = matched;
    const requestBody = this.deref(operation.op.requestBody);
    if (!requestBody) return body === undefined ? [] : [`${operation.operationId} takes no request body`];
    if (body === undefined) return requestBody.required ? [`${operation.operationId} requires a JSON body`] : [];
    if (!requestBody.content?.['application/json']) return [`${operation.operationId} does not take a JSON body`];
    const pointer = `/paths/${pointerEscape(operation.template)}/${operation.method.toLowerCase()}/requestBody/content/application~1json/schema`;
    const validate = this.validator(pointer);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  }

  /** Problems with a response the server is about to send (keeps the fake honest). */
  checkResponse(operation: Operation, status: number, body: unknown): string[] {
    const response = this.deref(operation.op.responses?.[String(status)]);
    if (!response) return [`${operation.operationId} documents no ${status} response`];
    if (!response.content?.['application/json']) return [];
    const pointer = `/paths/${pointerEscape(operation.template)}/${operation.method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    const raw = operation.op.responses[String(status)];
    const validate = raw.$ref ? this.validator(`${raw.$ref.slice(1)}/content/application~1json/schema`) : this.validator(pointer);
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 5).map((e) => `response${e.instancePath} ${e.message}`);
  }

  /** The spec's first example response body for an operation and status, deep-copied. */
  example(operation: Operation, status: number): Json {
    const content = this.deref(operation.op.responses?.[String(status)])?.content?.['application/json'];
    if (!content) return undefined;
    const first = Object.values<Json>(content.examples ?? {})[0];
    let value = this.deref(first ? this.deref(first).value : content.example);
    // Some examples point at a components/examples entry, itself an Example Object.
    const isExampleObject = (v: Json) => v && typeof v === 'object' && 'value' in v && Object.keys(v).every((k) => ['value', 'summary', 'description'].includes(k) || k.startsWith('x-'));
    if (isExampleObject(value)) value = this.deref(value.value);
    return value === undefined ? undefined : structuredClone(value);
  }
}

/**
 * OpenAPI 3.0 lets `nullable: true` stand beside `allOf`/`anyOf`/`$ref` with no `type`; Ajv only
 * understands it next to `type`. Such schemas become "the schema, or null", which is what
 * OpenAPI means by them.
 */
export function normaliseNullable(node: Json): Json {
  if (Array.isArray(node)) {
    node.forEach((item, i) => (node[i] = normaliseNullable(item)));
    return node;
  }
  if (!node || typeof node !== 'object') return node;
  for (const key of Object.keys(node)) node[key] = normaliseNullable(node[key]);
  if ('nullable' in node && !('type' in node)) {
    const { nullable, ...rest } = node;
    return nullable === true ? { anyOf: [rest, { type: 'null' }] } : rest;
  }
  return node;
}

let shared: OpenApiChecker | null = null;

/** One checker per process: the description is 13 MB of JSON. */
export function githubOpenApi(): OpenApiChecker {
  if (!shared) {
    const require = createRequire(import.meta.url);
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
    shared = new OpenApiChecker(normaliseNullable(JSON.parse(readFileSync(file, 'utf8'))));
  }
  return shared;
}
