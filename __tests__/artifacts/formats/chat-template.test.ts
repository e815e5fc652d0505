import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { checkChatTemplate } from '../../../src/artifacts/formats/chat-template.js';
import { FIXTURES } from './helpers.js';

const dir = (kind: string) => new URL(`templates/${kind}/`, FIXTURES);
const load = (kind: string, name: string) => readFileSync(new URL(name, dir(kind)), 'utf8');
const where = { path: 'tokenizer_config.json', key: 'chat_template' };

describe('checkChatTemplate on real chat templates', () => {
  const benign = readdirSync(dir('benign')).filter((f) => f.endsWith('.jinja'));

  it('has the popular families as fixtures', () => {
    expect(benign.length).toBeGreaterThanOrEqual(10);
  });

  it.each(benign)('%s raises nothing', (name) => {
    expect(checkChatTemplate(load('benign', name), where)).toEqual([]);
  });
});

describe('checkChatTemplate on sandbox-escape payloads', () => {
  const critical = [
    ['cycler-globals-os.jinja', '__globals__'],
    ['joiner-builtins-import.jinja', '__builtins__'],
    ['lipsum-globals.jinja', '__globals__'],
    ['subclasses-walk.jinja', '__subclasses__'],
    ['attr-filter-concat.jinja', '__class__'],
    ['subscript-built-name.jinja', '__builtins__'],
    ['hidden-in-tool-branch.jinja', '__globals__'],
  ];

  it.each(critical)('%s is critical and names %s', (name, dunder) => {
    const findings = checkChatTemplate(load('malicious', name), where);
    const hit = findings.find((f) => f.rule === 'MG563');
    expect(hit?.severity).toBe('critical');
    expect(hit?.message).toContain(dunder);
    expect(hit?.artifact).toBe('tokenizer_config.json');
  });

  it('reports an attr filter with a runtime name as high', () => {
    const findings = checkChatTemplate(load('malicious', 'attr-runtime-name.jinja'), where);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'MG563', severity: 'high' });
  });

  it('reports bare gadget globals as suspicious (medium rule)', () => {
    const findings = checkChatTemplate(load('malicious', 'self-gadget.jinja'), where);
    expect(findings.map((f) => f.rule)).toEqual(['MG564']);
    expect(findings[0].message).toMatch(/self|cycler/);
  });

  it('falls back to a text search when the template does not parse', () => {
    const findings = checkChatTemplate(load('malicious', 'unparseable-with-dunder.jinja'), where);
    expect(findings.map((f) => f.rule).sort()).toEqual(['MG563', 'MG565']);
    expect(findings.find((f) => f.rule === 'MG563')?.severity).toBe('critical');
  });

  it('reports an unparseable template without payload only as unparseable', () => {
    const findings = checkChatTemplate('{% for m in messages %}{{ m.content }', where);
    expect(findings.map((f) => f.rule)).toEqual(['MG565']);
  });

  it('sees string tricks: join, escapes, map(attribute=)', () => {
    const cases = [
      "{{ ([ '__cl', 'ass__' ]|join) }}{{ x[(['__cl','ass__']|join)] }}",
      "{{ messages|map(attribute='__class__')|list }}",
      "{{ x['\\x5f\\x5fclass\\x5f\\x5f'] }}",
      '{{ x.__class__ }}',
      "{{ range|attr('__init__') }}",
    ];
    for (const template of cases) {
      const hit = checkChatTemplate(template, where).find((f) => f.rule === 'MG563');
      expect(hit?.severity).toBe('critical');
    }
  });

  it('does not flag a marker that only looks like a dunder', () => {
    expect(checkChatTemplate("{{ '<__media__>' }}{{ messages[0]['content'] }}", where)).toEqual([]);
  });

  it('names the key it checked', () => {
    const [finding] = checkChatTemplate('{{ cycler.__init__ }}', { path: 'm.gguf', key: 'tokenizer.chat_template.rag' });
    expect(finding.message).toContain('tokenizer.chat_template.rag');
    expect(finding.evidence?.key).toBe('tokenizer.chat_template.rag');
  });

  it('does not parse a template over the size limit, but still searches it', () => {
    const huge = '{{ x }}'.repeat(200_000) + '{{ x.__globals__ }}';
    const findings = checkChatTemplate(huge, where);
    expect(findings.map((f) => f.rule).sort()).toEqual(['MG563', 'MG565']);
  });

  it('survives deep nesting without throwing', () => {
    const deep = '{{ ' + '('.repeat(20_000) + 'x' + ')'.repeat(20_000) + ' }}';
    expect(() => checkChatTemplate(deep, where)).not.toThrow();
  });
});

describe('checkChatTemplate fuzzing', () => {
  const pieces = ['{{ ', ' }}', '{% ', ' %}', 'for m in messages', 'endfor', 'if', 'endif', 'x', '.', '[', ']', "'a'", '~', '|attr(', ')', '__class__', 'cycler', '(', ',', '"', '\\', '{#', '#}', 'set y = ', 'namespace(a=1)'];

  it('never throws and only emits its own rules on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const findings = checkChatTemplate(text, where);
        for (const f of findings) expect(['MG563', 'MG564', 'MG565']).toContain(f.rule);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on template-shaped noise', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        for (const f of checkChatTemplate(parts.join(''), where)) expect(['MG563', 'MG564', 'MG565']).toContain(f.rule);
      }),
      { numRuns: 300 },
    );
  });

  // Noise before the access may not open a comment or a string: inside those the access is
  // inert text, not code.
  const openers = new Set(['{#', '"', '\\']);
  const safeBefore = pieces.filter((p) => !openers.has(p));

  it('always reports a dunder attribute access, whatever noise surrounds it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...safeBefore), { maxLength: 30 }), fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (before, after) => {
        const findings = checkChatTemplate(`${before.join('')}{{ loop.__class__ }}${after.join('')}`, where);
        expect(findings.some((f) => f.rule === 'MG563' || f.rule === 'MG565')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkChatTemplate on prose', () => {
  it('does not flag a system prompt that mentions Python special names', () => {
    const template = "{{ 'You are a coding assistant. Explain __init__.py and __main__ blocks.' }}Write __init__ methods.{% for m in messages %}{{ m.content }}{% endfor %}";
    expect(checkChatTemplate(template, where)).toEqual([]);
  });

  it('flags a special name kept in a variable for later use', () => {
    const findings = checkChatTemplate("{% set k = '__globals__' %}{{ cycler.__init__[k] }}", where);
    expect(findings[0]).toMatchObject({ rule: 'MG563', severity: 'critical' });
    const hidden = checkChatTemplate("{% set k = '__globals__' %}{% for m in messages %}{{ m[k] }}{% endfor %}", where);
    expect(hidden[0]).toMatchObject({ rule: 'MG563', severity: 'high' });
  });
});

describe('checkChatTemplate on ordinary keys', () => {
  it('does not flag numeric subscripts built with filters', () => {
    const template = '{{ messages[messages|length - 1].content }}{{ messages[(loop_messages|count) - 2]["role"] }}{{ xs[i|int] }}';
    expect(checkChatTemplate(template, where)).toEqual([]);
  });

  it('flags a subscript name assembled with string filters', () => {
    const findings = checkChatTemplate("{% for m in messages %}{{ m[m.role|replace('user', 'content')] }}{% endfor %}", where);
    expect(findings.map((f) => f.rule)).toEqual(['MG564']);
  });

  it('does not flag dict keys that are common words', () => {
    const template = "{% for m in messages %}{{ m['system'] if m['system'] is defined }}{{ m.open }}{{ tools[0]['modules'] }}{% endfor %}";
    expect(checkChatTemplate(template, where)).toEqual([]);
  });
});
