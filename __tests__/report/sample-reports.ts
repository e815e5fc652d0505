// Realistic Reports for the report and action tests: what run() returns for a small ML repo.
import type { Finding, ModelReference, ModelSummary, Report, Severity } from '../../src/types.js';

export function ref(id: string | null, file: string, line: number, extra: Partial<ModelReference> = {}): ModelReference {
  return {
    id,
    raw: id ? `"${id}"` : 'MODEL_NAME',
    revision: null,
    repoType: 'model',
    kind: 'from_pretrained',
    call: 'AutoModel.from_pretrained',
    flags: {},
    confidence: 'high',
    file,
    line,
    column: 9,
    ...extra,
  };
}

export function finding(rule: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return {
    rule,
    severity,
    stage: rule === 'MG501' ? 'loading' : rule === 'MG301' ? 'hosting' : 'publication',
    model: null,
    message: `${rule} finding`,
    file: null,
    line: null,
    column: null,
    artifact: null,
    evidence: {},
    fix: null,
    blocking: false,
    introduced: false,
    ...extra,
  };
}

function model(id: string, findings: number[], extra: Partial<ModelSummary> = {}): ModelSummary {
  return { id, revision: null, resolvedId: id, resolvedSha: null, exists: null, facts: {}, findings, ...extra };
}

export function emptyReport(extra: Partial<Report> = {}): Report {
  return {
    version: 1,
    tool: { name: 'modelgate', version: '0.1.0' },
    verdict: 'pass',
    mode: 'full',
    references: [],
    datasets: [],
    models: [],
    findings: [],
    skipped: [],
    stats: { filesScanned: 12, bytesRead: 34567, hubRequests: 0, durationMs: 420 },
    ...extra,
  };
}

/** A failing PR scan: remote code on a new reference, two unpinned references, an unreadable notebook. */
export function failingReport(): Report {
  const references = [
    ref('microsoft/phi-2', 'src/train.py', 14, { flags: { trustRemoteCode: true }, raw: '"microsoft/phi-2"', introduced: true }),
    ref('bert-base-uncased', 'src/embed.py', 3, { call: 'AutoTokenizer.from_pretrained', introduced: false }),
    ref('sentence-transformers/all-MiniLM-L6-v2', 'configs/app.yaml', 7, { kind: 'config', call: 'model_name_or_path', raw: 'sentence-transformers/all-MiniLM-L6-v2', revision: 'a'.repeat(40) }),
  ];
  const findings: Finding[] = [
    finding('MG501', 'high', {
      model: 'microsoft/phi-2',
      file: 'src/train.py',
      line: 14,
      column: 9,
      message: 'trust_remote_code=True runs Python from microsoft/phi-2 when the model loads.',
      fix: 'Remove trust_remote_code=True, or pin the revision and allow the model in the policy.',
      blocking: true,
      introduced: true,
    }),
    finding('MG301', 'low', { model: 'microsoft/phi-2', file: 'src/train.py', line: 14, column: 9, message: 'microsoft/phi-2 is not pinned to a commit.', introduced: true }),
    finding('MG301', 'low', { model: 'bert-base-uncased', file: 'src/embed.py', line: 3, column: 9, message: 'bert-base-uncased is not pinned to a commit.' }),
    finding('MG001', 'info', { file: 'notebooks/explore.ipynb', line: 1, message: 'notebooks/explore.ipynb is not valid JSON: Unexpected token at position 10.' }),
  ];
  return emptyReport({
    verdict: 'fail',
    mode: 'diff',
    references,
    models: [
      model('microsoft/phi-2', [0, 1]),
      model('bert-base-uncased', [2], { resolvedId: 'google-bert/bert-base-uncased' }),
      model('sentence-transformers/all-MiniLM-L6-v2', [], { revision: 'a'.repeat(40) }),
    ],
    findings,
    skipped: ['Hub facts were not fetched: the scan ran offline.'],
  });
}

/** `n` models with `perModel` findings each, of mixed severities, spread over files. */
export function largeReport(n: number, perModel: number, blocking = true): Report {
  const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  const references: ModelReference[] = [];
  const findings: Finding[] = [];
  const models: ModelSummary[] = [];
  for (let m = 0; m < n; m++) {
    const id = `org${m % 7}/model-${m}`;
    const file = `src/pkg${m % 13}/module_${m}.py`;
    references.push(ref(id, file, 10 + m));
    const idx: number[] = [];
    for (let k = 0; k < perModel; k++) {
      const severity = severities[(m + k) % severities.length];
      idx.push(findings.length);
      findings.push(
        finding(k % 2 ? 'MG301' : 'MG501', severity, {
          model: id,
          file,
          line: 10 + m + k,
          column: 5,
          message: `Finding ${k} about ${id}: a fairly long explanation of what was seen and why it matters for the supply chain.`,
          fix: 'Pin the revision to a commit hash.',
          blocking: blocking && (severity === 'critical' || severity === 'high'),
        }),
      );
    }
    models.push(model(id, idx));
  }
  return emptyReport({ verdict: blocking ? 'fail' : 'pass', references, models, findings });
}
