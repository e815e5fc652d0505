// Static check of a Jinja chat template (GGUF metadata, tokenizer_config.json). The template is
// parsed to an AST with @huggingface/jinja and walked; it is never rendered. The attacks this
// looks for are the classic Jinja sandbox escapes: walk from any object to a function's
// __globals__ (cycler.__init__.__globals__.os), to __builtins__ or to __subclasses__, often
// with the attribute name hidden behind |attr or string concatenation.
import { parse, tokenize } from '@huggingface/jinja';
import type { FindingDraft } from '../../types.js';

export interface ChatTemplateLocation {
  path: string;
  key: string;
}

type Level = 'critical' | 'high' | 'medium';

interface Construct {
  level: Level;
  construct: string;
  detail: string;
}

/** Templates larger than this are not parsed (real chat templates are a few KB). */
const MAX_TEMPLATE_CHARS = 1_000_000;
/** AST nodes visited before the walk gives up (a parsed 1 MB template stays far below). */
const MAX_NODES = 500_000;

const DUNDER = /^__\w+__$/;
const DUNDER_INSIDE = /__[A-Za-z]\w*__/;
const DUNDER_ALL = /__[A-Za-z]\w*?__/g;

/** Python special names used by sandbox escapes. Strings in templates are only flagged for
 * these (a marker like `<__media__>` is ordinary template text); attribute access to any
 * dunder name is flagged. */
const PYTHON_DUNDERS = new Set([
  '__class__', '__base__', '__bases__', '__mro__', '__subclasses__', '__init__', '__new__', '__globals__',
  '__builtins__', '__import__', '__dict__', '__getattribute__', '__getattr__', '__getitem__', '__code__',
  '__closure__', '__func__', '__self__', '__module__', '__loader__', '__spec__', '__reduce__', '__reduce_ex__',
  '__call__', '__wrapped__', '__enter__', '__exit__', '__setattr__', '__delattr__', '__traceback__',
  '__file__', '__defaults__', '__kwdefaults__', '__objclass__', '__init_subclass__', '__subclasshook__',
  '__main__', '__name__', '__qualname__',
]);

/** Case does not hide a special name: a `lower` filter turns `__CLASS__` back into one. */
function isPythonDunder(name: string): boolean {
  return PYTHON_DUNDERS.has(name.toLowerCase());
}

function pythonDunderIn(text: string): string | null {
  for (const m of decodeEscapes(text).matchAll(DUNDER_ALL)) if (isPythonDunder(m[0])) return m[0];
  return null;
}

/** Python's Jinja decodes backslash escapes in string literals ('\x5f' is '_'); so does the check. */
function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/\\U([0-9a-fA-F]{8})/g, (_, h: string) => String.fromCodePoint(Math.min(0x10ffff, parseInt(h, 16))))
    .replace(/\\([0-7]{1,3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/**
 * Python's Jinja accepts syntax the JavaScript parser does not (the empty tuple `()` is the
 * common one in escapes); the same template with `[]` in its place has the same attribute
 * paths, so it is parsed for the check when the original is not.
 */
function lenientSource(template: string): string {
  return template.replace(/\(\s*\)/g, '[]');
}

/** Globals of Jinja's default environment (and Flask's) that are gadgets for reaching
 * Python internals; chat templates have no use for them. `namespace` and `range` are
 * normal in chat templates and are not listed. */
const ESCAPE_GLOBALS = new Set(['cycler', 'joiner', 'lipsum', 'self', 'config', 'request', 'url_for', 'get_flashed_messages', 'session']);

/** Names that only appear in a template that is reaching for Python's process, import or
 * evaluation machinery. Common words that are also ordinary dict keys (`system`, `open`,
 * `modules`) are left out: the real payloads reach them through a dunder access, which is
 * flagged on its own. */
const DANGEROUS_NAMES = new Set([
  'builtins', 'globals', 'locals', 'eval', 'exec', 'execfile', 'getattr', 'setattr', 'delattr',
  'os', 'sys', 'subprocess', 'importlib', 'import_module', 'load_module', 'popen', 'spawnl',
  'spawnv', 'spawnve', 'execv', 'execve', 'check_output', 'check_call', 'getoutput', 'getstatusoutput',
  'f_globals', 'f_locals', 'f_back', 'gi_frame', 'cr_frame', 'func_globals', 'co_code',
  'im_func', 'pty', 'ctypes',
]);

/** The subset of those that is suspicious as a bare variable name (loop variables and `set`
 * targets are variables too, so the list stays short). */
const DANGEROUS_GLOBALS = new Set([
  'builtins', 'globals', 'locals', 'eval', 'exec', 'execfile', 'getattr', 'setattr', 'delattr', 'os', 'sys',
  'subprocess', 'importlib', 'import_module', 'popen',
]);

/** Filters that take attribute names as string arguments. */
const ATTRIBUTE_FILTERS = new Set(['map', 'selectattr', 'rejectattr', 'sort', 'groupby', 'sum', 'unique', 'min', 'max']);
const POSITIONAL_ATTRIBUTE_FILTERS = new Set(['selectattr', 'rejectattr', 'groupby']);

interface Node {
  type: string;
  [key: string]: unknown;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Value of a string expression built only from literals (`'__cla' ~ 'ss__'`, `['a','b']|join`). */
function foldString(node: unknown, depth = 0): string | null {
  if (!isNode(node) || depth > 64) return null;
  switch (node.type) {
    case 'StringLiteral':
      return typeof node.value === 'string' ? node.value : null;
    case 'IntegerLiteral':
    case 'FloatLiteral':
      return String(node.value);
    case 'BinaryExpression': {
      const op = (node.operator as { value?: string } | undefined)?.value;
      if (op !== '~' && op !== '+') return null;
      const left = foldString(node.left, depth + 1);
      const right = foldString(node.right, depth + 1);
      return left !== null && right !== null ? left + right : null;
    }
    case 'FilterExpression': {
      const name = filterName(node);
      const operand = node.operand;
      if (name === 'join' && isNode(operand) && (operand.type === 'ArrayLiteral' || operand.type === 'TupleLiteral')) {
        const parts = (operand.value as unknown[]).map((p) => foldString(p, depth + 1));
        if (parts.some((p) => p === null)) return null;
        const sepNode = isNode(node.filter) && node.filter.type === 'CallExpression' ? (node.filter.args as unknown[])[0] : undefined;
        const sep = sepNode === undefined ? '' : foldString(sepNode, depth + 1);
        return sep === null ? null : parts.join(sep);
      }
      const inner = foldString(operand, depth + 1);
      if (inner === null) return null;
      if (name === 'lower') return inner.toLowerCase();
      if (name === 'upper') return inner.toUpperCase();
      if (name === 'reverse') return [...inner].reverse().join('');
      if (name === 'string' || name === 'trim') return name === 'trim' ? inner.trim() : inner;
      return null;
    }
    default:
      return null;
  }
}

function filterName(node: Node): string | null {
  const filter = node.filter;
  if (!isNode(filter)) return null;
  if (filter.type === 'Identifier') return typeof filter.value === 'string' ? filter.value : null;
  if (filter.type === 'CallExpression' && isNode(filter.callee) && filter.callee.type === 'Identifier') {
    return typeof filter.callee.value === 'string' ? filter.callee.value : null;
  }
  return null;
}

/** Filters that yield numbers, so a subscript using them (`messages[messages|length - 1]`)
 * is an index, not a name being assembled. */
const NUMERIC_FILTERS = new Set(['length', 'count', 'int', 'float', 'abs', 'round', 'sum', 'min', 'max']);

function containsStringBuilding(node: unknown, budget = { n: 0 }): boolean {
  if (!isNode(node) || ++budget.n > 1000) return false;
  if (node.type === 'StringLiteral') return true;
  if (node.type === 'FilterExpression' && !NUMERIC_FILTERS.has(filterName(node) ?? '')) return true;
  for (const value of Object.values(node)) {
    if (Array.isArray(value) ? value.some((v) => containsStringBuilding(v, budget)) : containsStringBuilding(value, budget)) return true;
  }
  return false;
}

/** Classify an attribute name reached through `.name`, `['name']` or `|attr('name')`. */
function judgeAttributeName(name: string, via: string, out: Construct[]): void {
  if (DUNDER.test(name) || DUNDER_INSIDE.test(name)) {
    out.push({ level: 'critical', construct: 'dunder-attribute', detail: `${via} ${name}` });
  } else if (DANGEROUS_NAMES.has(name)) {
    out.push({ level: 'high', construct: 'dangerous-attribute', detail: `${via} ${name}` });
  } else if (name.startsWith('_')) {
    out.push({ level: 'high', construct: 'private-attribute', detail: `${via} ${name}` });
  }
}

class TemplateWalker {
  readonly found: Construct[] = [];
  private visited = 0;
  truncated = false;

  walk(root: unknown): void {
    // Iterative, so a deeply nested AST cannot exhaust the call stack.
    const stack: unknown[] = [root];
    while (stack.length > 0) {
      const value = stack.pop();
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
        continue;
      }
      if (value instanceof Map) {
        for (const [k, v] of value) stack.push(k, v);
        continue;
      }
      if (!isNode(value)) continue;
      if (++this.visited > MAX_NODES) {
        this.truncated = true;
        return;
      }
      this.visit(value, stack);
    }
  }

  private visit(node: Node, stack: unknown[]): void {
    switch (node.type) {
      case 'MemberExpression': {
        stack.push(node.object);
        const property = node.property;
        if (!node.computed) {
          // `.name`: the property is a name, not a variable lookup.
          if (isNode(property) && property.type === 'Identifier' && typeof property.value === 'string') {
            judgeAttributeName(property.value, 'attribute', this.found);
          }
          return;
        }
        const name = foldString(property);
        if (name !== null) {
          judgeAttributeName(name, 'subscript', this.found);
          if (isNode(property) && property.type !== 'StringLiteral' && property.type !== 'IntegerLiteral') {
            this.found.push({ level: 'medium', construct: 'built-attribute-name', detail: `subscript built from literals: '${name}'` });
          }
        } else if (containsStringBuilding(property)) {
          this.found.push({ level: 'medium', construct: 'built-attribute-name', detail: 'subscript name computed at render time' });
        }
        stack.push(property);
        return;
      }
      case 'FilterExpression': {
        const name = filterName(node);
        stack.push(node.operand);
        const filter = node.filter;
        const args = isNode(filter) && filter.type === 'CallExpression' ? (filter.args as unknown[]) : [];
        if (name === 'attr') {
          const attrName = args.length > 0 ? foldString(args[0]) : null;
          if (attrName === null) {
            this.found.push({ level: 'high', construct: 'attr-filter', detail: 'attr filter with a name computed at render time' });
          } else {
            const before = this.found.length;
            judgeAttributeName(attrName, 'attr filter', this.found);
            if (this.found.length === before) this.found.push({ level: 'medium', construct: 'attr-filter', detail: `attr('${attrName}')` });
          }
        } else if (name !== null && ATTRIBUTE_FILTERS.has(name)) {
          // Attribute names: the `attribute=` keyword, or the first positional argument of the
          // filters that take one (selectattr('role', 'equalto', 'system') names `role`).
          args.forEach((arg, index) => {
            let value: unknown = null;
            if (isNode(arg) && arg.type === 'KeywordArgumentExpression') {
              const key = isNode(arg.key) ? arg.key.value : null;
              if (key === 'attribute') value = arg.value;
            } else if (index === 0 && POSITIONAL_ATTRIBUTE_FILTERS.has(name)) {
              value = arg;
            }
            const s = value === null ? null : foldString(value);
            if (s !== null) for (const part of s.split('.')) judgeAttributeName(part, `${name} filter attribute`, this.found);
          });
        }
        // Filter arguments may hold further expressions; the filter name itself is not a variable.
        for (const arg of args) stack.push(arg);
        return;
      }
      case 'TestExpression':
        stack.push(node.operand);
        return;
      case 'KeywordArgumentExpression':
        stack.push(node.value);
        return;
      case 'Identifier': {
        const name = typeof node.value === 'string' ? node.value : '';
        if (DUNDER.test(name)) this.found.push({ level: 'critical', construct: 'dunder-global', detail: name });
        else if (DANGEROUS_GLOBALS.has(name)) this.found.push({ level: 'high', construct: 'dangerous-global', detail: name });
        else if (ESCAPE_GLOBALS.has(name)) this.found.push({ level: 'medium', construct: 'escape-gadget', detail: name });
        return;
      }
      case 'StringLiteral': {
        // Only a string that is exactly a special name is a gadget (kept in a variable for a
        // later subscript or attr); prose that mentions `__init__.py` is not.
        const value = typeof node.value === 'string' ? decodeEscapes(node.value).trim() : '';
        if (DUNDER.test(value) && isPythonDunder(value)) this.found.push({ level: 'high', construct: 'dunder-string', detail: value });
        // a str.format replacement field that walks attributes ('{0.__class__.__mro__}'):
        // format() resolves it in Python wherever the template engine is not sandboxed
        for (const field of value.matchAll(/\{[^{}]*\}/g)) {
          const hit = [...field[0].matchAll(DUNDER_ALL)].find((d) => isPythonDunder(d[0]));
          if (hit && /[.[]__/.test(field[0])) this.found.push({ level: 'critical', construct: 'format-field-dunder', detail: field[0].slice(0, 80) });
        }
        return;
      }
      case 'BinaryExpression': {
        const folded = foldString(node);
        const name = folded === null ? null : pythonDunderIn(folded);
        // A dunder name assembled from pieces is hiding from exactly this kind of check.
        if (name) this.found.push({ level: 'critical', construct: 'assembled-dunder', detail: name });
        break;
      }
      default:
        break;
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'type' || key === 'operator') continue;
      stack.push(value);
    }
  }
}

/** Fallback when the template does not parse: look at the raw text for the same gadgets. */
function scanRawText(template: string): Construct[] {
  const out: Construct[] = [];
  const seen = new Set<string>();
  for (const m of `${template}\n${decodeEscapes(template)}`.matchAll(DUNDER_ALL)) {
    if (!isPythonDunder(m[0]) || seen.has(m[0])) continue;
    seen.add(m[0]);
    out.push({ level: 'critical', construct: 'dunder-text', detail: m[0] });
  }
  for (const m of template.matchAll(/\b(cycler|joiner|lipsum)\b|\|\s*attr\b/g)) {
    out.push({ level: 'medium', construct: 'escape-gadget-text', detail: m[0] });
    break;
  }
  return out;
}

function dedupe(found: Construct[]): Construct[] {
  const seen = new Set<string>();
  return found.filter((c) => {
    const key = `${c.level}|${c.construct}|${c.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const ORDER: Record<Level, number> = { critical: 0, high: 1, medium: 2 };

/**
 * Check one chat template. `where.path` is the artifact (file) and `where.key` the place in it
 * (`tokenizer.chat_template`, `chat_template[tool_use]` ...). Returns no findings for a normal
 * chat template.
 */
export function checkChatTemplate(template: string, where: ChatTemplateLocation): FindingDraft[] {
  const findings: FindingDraft[] = [];
  let found: Construct[];
  let parsed = false;
  if (template.length > MAX_TEMPLATE_CHARS) {
    findings.push({
      rule: 'MG565',
      artifact: where.path,
      message: `The chat template at ${where.key} in ${where.path} is ${template.length} characters, over the ${MAX_TEMPLATE_CHARS} the scanner parses; it was only searched as text.`,
      evidence: { key: where.key, length: template.length, limit: MAX_TEMPLATE_CHARS },
    });
    found = scanRawText(template);
  } else {
    try {
      let program;
      try {
        program = parse(tokenize(template));
      } catch (error) {
        const lenient = lenientSource(template);
        if (lenient === template) throw error;
        try {
          program = parse(tokenize(lenient));
        } catch {
          throw error;
        }
      }
      const walker = new TemplateWalker();
      walker.walk(program);
      found = walker.found;
      parsed = true;
      if (walker.truncated) {
        findings.push({
          rule: 'MG565',
          artifact: where.path,
          message: `The chat template at ${where.key} in ${where.path} has more than ${MAX_NODES} syntax nodes; only part of it was checked.`,
          evidence: { key: where.key, limit: MAX_NODES },
        });
        found.push(...scanRawText(template));
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      findings.push({
        rule: 'MG565',
        artifact: where.path,
        message: `The chat template at ${where.key} in ${where.path} could not be parsed (${reason.slice(0, 200)}); it was only searched as text.`,
        evidence: { key: where.key, error: reason.slice(0, 500) },
        fix: 'Check the template with a Jinja parser; if it is valid Jinja the scanner does not support, review it by hand and suppress MG565 for this model.',
      });
      found = scanRawText(template);
    }
  }
  found = dedupe(found).sort((a, b) => ORDER[a.level] - ORDER[b.level]);
  const severe = found.filter((c) => c.level !== 'medium');
  const suspicious = found.filter((c) => c.level === 'medium');
  const list = (cs: Construct[]) => cs.slice(0, 8).map((c) => c.detail).join(', ');
  if (severe.length > 0) {
    const level = severe[0].level;
    findings.push({
      rule: 'MG563',
      severity: level,
      artifact: where.path,
      message:
        level === 'critical'
          ? `The chat template at ${where.key} in ${where.path} reaches Python internals (${list(severe)}): rendering it can escape the Jinja sandbox.`
          : `The chat template at ${where.key} in ${where.path} uses constructs that can reach Python internals (${list(severe)}).`,
      evidence: { key: where.key, parsed, constructs: found.slice(0, 50) },
      fix: 'Do not load this tokenizer or GGUF file; replace the chat template with the publisher\'s original, or use a model from a trusted source.',
    });
  }
  if (suspicious.length > 0 && severe.length === 0) {
    findings.push({
      rule: 'MG564',
      artifact: where.path,
      message: `The chat template at ${where.key} in ${where.path} uses constructs chat templates do not need (${list(suspicious)}).`,
      evidence: { key: where.key, parsed, constructs: suspicious.slice(0, 50) },
      fix: 'Review the template; a chat template only needs the messages, loops, conditions and string filters.',
    });
  }
  return findings;
}
