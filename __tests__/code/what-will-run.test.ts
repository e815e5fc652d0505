import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { classReferencesOf, parseClassReference, planRemoteCode, relativeImports } from '../../src/code/what-will-run.js';
import { createHubClient } from '../../src/hub/client.js';
import type { ByteSource, HubClient } from '../../src/types.js';
import { startHubServer, type HubServer } from '../../testing/hub-server/index.js';

/** An in-memory hub: `repo@rev` -> path -> text; `throws` simulates transport errors. */
function fakeHub(repos: Record<string, Record<string, string>>, throws: string[] = []): HubClient & { asked: string[] } {
  const asked: string[] = [];
  return {
    endpoint: 'memory:',
    asked,
    async modelFacts() {
      throw new Error('not used');
    },
    openFile(): ByteSource {
      throw new Error('not used');
    },
    async fetchText(id, revision, path) {
      asked.push(`${id}@${revision}:${path}`);
      if (throws.includes(`${id}:${path}`)) throw new Error('hub: HTTP 500 fetching');
      const repo = repos[`${id}@${revision}`];
      if (!repo) throw new Error(`hub: HTTP 404 RepoNotFound fetching ${id}/${path}`);
      return repo[path] ?? null;
    },
    async searchModels() {
      return [];
    },
    async authorFacts(name) {
      return { name, type: 'user', verified: false, exists: false };
    },
    requestCount: () => asked.length,
  };
}

describe('class references', () => {
  it('parses module.Class and org/repo--module.Class', () => {
    expect(parseClassReference('modeling_x.XModel', 's')).toMatchObject({ repo: null, module: 'modeling_x', className: 'XModel' });
    expect(parseClassReference('org/code--modeling_x.XModel', 's')).toMatchObject({ repo: 'org/code', module: 'modeling_x', className: 'XModel' });
    expect(parseClassReference('no-dot', 's')).toBeNull();
    expect(parseClassReference('a b.C', 's')).toBeNull();
  });

  it('reads auto_map objects, tokenizer lists with nulls, old list form and custom_pipelines', () => {
    const refs = classReferencesOf(
      { auto_map: { AutoTokenizer: ['tok.Slow', null], AutoModel: 'm.M' }, custom_pipelines: { 'text-classification': { impl: 'pipe.P' } } },
      'config.json',
    );
    expect(refs.map((r) => [r.source, r.module, r.className])).toEqual([
      ['config.json auto_map.AutoTokenizer[0]', 'tok', 'Slow'],
      ['config.json auto_map.AutoModel', 'm', 'M'],
      ['config.json custom_pipelines.text-classification.impl', 'pipe', 'P'],
    ]);
    expect(classReferencesOf({ auto_map: ['tok.Slow', 'tok_fast.Fast'] }, 'tokenizer_config.json')).toHaveLength(2);
  });

  it('finds relative imports, including from . import z and parent packages', async () => {
    const text = 'from .configuration_x import XConfig\nfrom . import utils, layers as L\nfrom ..shared.rope import apply\nfrom transformers import PreTrainedModel\ntry:\n    from .flash import attn\nexcept ImportError:\n    pass\n';
    const found = await relativeImports('models/modeling_x.py', text);
    expect(found.map((f) => [f.path, f.optional])).toEqual([
      ['models/configuration_x.py', false],
      ['models/utils.py', true],
      ['models/layers.py', true],
      ['shared/rope.py', false],
      ['models/flash.py', false],
    ]);
  });
});

describe('planRemoteCode with an in-memory hub', () => {
  const model = {
    'config.json': JSON.stringify({ auto_map: { AutoConfig: 'configuration_x.XConfig', AutoModel: 'modeling_x.XModel' } }),
    'configuration_x.py': 'class XConfig: pass\n',
    'modeling_x.py': 'from .configuration_x import XConfig\nfrom .layers import Block\n',
    'layers.py': 'from .missing_helper import thing\n',
  };

  it('computes entries and transitive relative imports, and reports missing files', async () => {
    const hub = fakeHub({ 'acme/x@abc': model });
    const plan = await planRemoteCode('acme/x', 'abc', hub, {});
    expect(plan.files.map((f) => [f.path, f.role]).sort()).toEqual([
      ['configuration_x.py', 'entry'],
      ['layers.py', 'module'],
      ['missing_helper.py', 'module'],
      ['modeling_x.py', 'entry'],
    ]);
    const modeling = plan.files.find((f) => f.path === 'modeling_x.py')!;
    expect(modeling.classes).toEqual(['XModel']);
    expect(modeling.why).toEqual(['config.json auto_map.AutoModel -> modeling_x.XModel']);
    expect(plan.findings.map((f) => [f.rule, f.artifact])).toEqual([['MG581', 'missing_helper.py']]);
  });

  it('fetches code at code_revision when given, configs at the model revision', async () => {
    const hub = fakeHub({ 'acme/x@abc': { 'config.json': model['config.json'] }, 'acme/x@def': model });
    const plan = await planRemoteCode('acme/x', 'abc', hub, { codeRevision: 'def' });
    expect(hub.asked).toContain('acme/x@abc:config.json');
    expect(hub.asked).toContain('acme/x@def:modeling_x.py');
    expect(plan.codeRevision).toBe('def');
    expect(plan.files.every((f) => f.revision === 'def')).toBe(true);
  });

  it('fails closed on fetch errors and invalid JSON', async () => {
    const hub = fakeHub({ 'acme/x@abc': { ...model, 'tokenizer_config.json': '{not json' } }, ['acme/x:modeling_x.py']);
    const plan = await planRemoteCode('acme/x', 'abc', hub, {});
    const rules = plan.findings.map((f) => `${f.rule}:${f.artifact}:${f.severity}`);
    expect(rules).toContain('MG583:tokenizer_config.json:medium');
    expect(rules).toContain('MG583:modeling_x.py:high');
  });

  it('returns an empty plan for a model without auto_map', async () => {
    const plan = await planRemoteCode('acme/plain', 'abc', fakeHub({ 'acme/plain@abc': { 'config.json': '{"model_type": "bert"}' } }), {});
    expect(plan).toMatchObject({ files: [], findings: [] });
  });
});

describe('planRemoteCode against the local hub server and the real client', () => {
  let server: HubServer;
  let hub: HubClient;
  beforeAll(async () => {
    server = await startHubServer({ root: fileURLToPath(new URL('../fixtures/code/hub', import.meta.url)) });
    hub = createHubClient({ endpoint: server.url, backoffMs: 5, retries: 1 });
  });
  afterAll(() => server.close());

  it('lists exactly the benign model files that would run', async () => {
    const plan = await planRemoteCode('acme/aurora-7b', 'main', hub, {});
    expect(plan.files.map((f) => f.path).sort()).toEqual(['configuration_aurora.py', 'modeling_aurora.py', 'tokenization_aurora.py']);
    expect(plan.files.every((f) => typeof f.text === 'string' && f.text.length > 100)).toBe(true);
    expect(plan.findings).toEqual([]);
    const config = plan.files.find((f) => f.path === 'configuration_aurora.py')!;
    expect(config.why).toContain('imported by modeling_aurora.py (from .configuration_aurora import AuroraConfig)');
  });

  it('follows nested relative imports, other repositories, pipelines and missing processors', async () => {
    const plan = await planRemoteCode('shady/tiny-chat', 'main', hub, {});
    const where = plan.files.map((f) => `${f.repo}:${f.path}`).sort();
    expect(where).toEqual([
      'shady/tiny-chat:configuration_tiny.py',
      'shady/tiny-chat:pipeline_tiny.py',
      'shady/tiny-chat:processing_tiny.py',
      'shady/tiny-chat:utils/helpers.py',
      'shady/tiny-chat:utils/telemetry.py',
      'shady/tiny-code:modeling_tiny.py',
    ]);
    const other = plan.findings.find((f) => f.rule === 'MG582')!;
    expect(other.message).toContain('does not pin that code');
    expect(other.evidence).toMatchObject({ codeRepo: 'shady/tiny-code', codeRevision: 'main', pinned: false });
    expect(plan.findings.find((f) => f.rule === 'MG581')?.artifact).toBe('processing_tiny.py');
    expect(plan.files.find((f) => f.path === 'utils/helpers.py')?.importedNames).toEqual(['setup']);
  });

  it('reports a code repository that does not exist', async () => {
    const plan = await planRemoteCode('acme/orphan', 'main', hub, {});
    expect(plan.findings.map((f) => [f.rule, f.severity])).toContainEqual(['MG581', 'high']);
  });
});
