// The rule catalogue. Ids are stable forever: the policy, SARIF and docs/rules/<ID>.md use them.
// Numbering by stage: MG0xx tool and reference problems, MG1xx training, MG2xx publication,
// MG3xx hosting, MG4xx download, MG5xx loading, MG6xx inference.
// Every rule has docs/rules/<ID>.md with the sections What, Why, Fix, Suppress
// (__tests__/rules.test.ts checks it).
import type { Severity, Stage } from './types.js';

export interface Rule {
  id: string;
  /** Short kebab-case name, used in SARIF `name` and the docs. */
  name: string;
  title: string;
  stage: Stage;
  severity: Severity;
  /** One or two sentences: why this matters (SARIF fullDescription, help text). */
  description: string;
}

export const RULES: readonly Rule[] = [
  // --- MG001-MG019: the scan itself and the references (issue 2) ------------------------------
  {
    id: 'MG001',
    name: 'unreadable-file',
    title: 'A repository file could not be read or parsed',
    stage: 'loading',
    severity: 'info',
    description:
      'A file that may reference models could not be read or parsed (binary, too large, invalid syntax), so references in it may be missed.',
  },
  {
    id: 'MG002',
    name: 'unresolved-reference',
    title: 'A model reference could not be resolved statically',
    stage: 'publication',
    severity: 'info',
    description:
      'A model-loading call takes an id from a variable, argument or environment that could not be resolved without running the code, so the model it loads was not assessed.',
  },
  {
    id: 'MG003',
    name: 'denied-model',
    title: 'The model or its organisation is on the policy deny list',
    stage: 'publication',
    severity: 'high',
    description: 'The policy denies this model id or organisation.',
  },
  {
    id: 'MG004',
    name: 'not-allowed-model',
    title: 'The model is not on the policy allow list',
    stage: 'publication',
    severity: 'medium',
    description:
      'The policy lists the models and organisations that may be used, and this reference names none of them.',
  },
  {
    id: 'MG005',
    name: 'expired-exception',
    title: 'A policy exception has expired',
    stage: 'publication',
    severity: 'low',
    description:
      'An exception in the policy file has passed its expiry date and no longer suppresses the findings it covered.',
  },
  {
    id: 'MG006',
    name: 'skipped-offline',
    title: 'A check was skipped because the scan ran offline',
    stage: 'inference',
    severity: 'info',
    description: 'Hub facts and artifacts were not assessed because the scan ran with --offline.',
  },
  // --- MG020-MG029: could not assess (issue 3) -------------------------------------------------

  // --- MG030-MG039: reserved ----------------------------------------------------------------------

  // --- MG1xx: training ----------------------------------------------------------------------------

  // --- MG2xx: publication. MG202-MG219 hub facts (issue 3); MG220-MG239 typosquat (issue 6) ---

  // --- MG3xx: hosting ----------------------------------------------------------------------------
  {
    id: 'MG301',
    name: 'unpinned-revision',
    title: 'The model reference is not pinned to a commit',
    stage: 'hosting',
    severity: 'low',
    description:
      'Without a 40-character commit hash as the revision, the code loads whatever the publisher (or whoever controls the namespace) pushes next.',
  },
  // MG302-MG309: hub revision facts (issue 3)

  // --- MG4xx: download ---------------------------------------------------------------------------

  // --- MG5xx: loading ----------------------------------------------------------------------------
  {
    id: 'MG501',
    name: 'trust-remote-code',
    title: 'trust_remote_code=True runs the model repository\'s Python',
    stage: 'loading',
    severity: 'high',
    description:
      'With trust_remote_code=True, loading the model imports and runs Python files from the model repository with the permissions of your process.',
  },
  // MG510-MG519: unsafe loading calls in the user's code (issue 5)
  // MG520-MG539: weights formats and custom code from hub facts (issue 3)
  // MG540-MG559: pickle, PyTorch, NumPy, joblib, compression (issue 4)
  // MG560-MG579: safetensors, GGUF, ONNX, Keras, archives, format mismatch (issue 4)
  // MG580-MG599: remote code analysis (issue 5)

  // --- MG6xx: inference --------------------------------------------------------------------------
  // MG601-MG609: hub scanner verdicts (issue 3)
];

const byId = new Map(RULES.map((r) => [r.id, r]));

export function getRule(id: string): Rule {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown rule id ${id}`);
  return rule;
}

export function hasRule(id: string): boolean {
  return byId.has(id);
}
