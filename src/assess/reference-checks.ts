// Checks that need nothing but the reference and the policy: they run offline too.
import { minimatch } from 'minimatch';
import { isPushTarget } from '../extract/common.js';
import { isCommitHash, ownerOf } from '../resolve/model-id.js';
import type { FindingDraft, ModelReference, Policy } from '../types.js';
import type { AnchoredDraft } from '../policy/judge.js';

function matchesAny(value: string | null, globs: string[]): boolean {
  return !!value && globs.some((g) => minimatch(value, g, { nocase: true, dot: true }));
}

/** Deny/allow decision for one model id (also used on the id the hub resolves to). */
export function listDecision(id: string, policy: Policy): FindingDraft | null {
  const owner = ownerOf(id);
  if (matchesAny(id, policy.deny.models) || matchesAny(owner, policy.deny.orgs)) {
    return {
      rule: 'MG003',
      message: `${id} is denied by the policy${owner && matchesAny(owner, policy.deny.orgs) ? ` (organisation ${owner})` : ''}.`,
      evidence: { id, owner, deny: policy.deny },
      fix: 'Use another model, or remove it from deny in the policy if the denial no longer applies.',
    };
  }
  const allowSet = policy.allow.models.length + policy.allow.orgs.length > 0;
  if (allowSet && !matchesAny(id, policy.allow.models) && !matchesAny(owner, policy.allow.orgs)) {
    return {
      rule: 'MG004',
      message: `${id} is not on the policy's allow list.`,
      evidence: { id, owner, allow: policy.allow },
      fix: `Use an allowed model, or add "${id}" to allow.models in the policy after reviewing it.`,
    };
  }
  return null;
}

function pinFix(ref: ModelReference): string {
  if (ref.kind === 'from_pretrained' || ref.kind === 'pipeline' || ref.kind === 'hub_download' || ref.kind === 'constructor')
    return 'pass revision="<40-character commit sha>" (run `modelgate lock` or see the hub for the commit)';
  return 'reference the model at a 40-character commit sha (e.g. `--revision <sha>` or `org/name@<sha>`)';
}

export function referenceChecks(refs: ModelReference[], policy: Policy): AnchoredDraft[] {
  const out: AnchoredDraft[] = [];
  for (const reference of refs) {
    if (reference.id === null) {
      out.push({
        reference,
        draft: {
          rule: 'MG002',
          message: `${reference.call} loads a model named by \`${reference.raw}\`, which could not be resolved statically; that model was not assessed.`,
          evidence: { expression: reference.raw, call: reference.call },
          fix: 'Use a literal model id (or a module-level constant) so it can be checked, or assess the model with `modelgate inspect <id>`.',
        },
      });
      continue;
    }
    if (reference.repoType !== 'model' || isPushTarget(reference)) continue;
    const listed = listDecision(reference.id, policy);
    if (listed) out.push({ reference, draft: listed });
    if (!isCommitHash(reference.revision) && reference.kind !== 'url') {
      out.push({
        reference,
        draft: {
          rule: 'MG301',
          severity: policy.require.pinnedRevision ? 'high' : undefined,
          message: reference.revision
            ? `${reference.id} is loaded at revision "${reference.revision}", a branch or tag that can move; pin a commit.`
            : `${reference.id} is loaded without a revision, so it follows whatever is pushed to the default branch next.`,
          evidence: { revision: reference.revision },
          fix: pinFix(reference),
        },
      });
    }
    const trc = reference.flags.trustRemoteCode;
    if (trc === true || trc === 'unknown') {
      out.push({
        reference,
        draft: {
          rule: 'MG501',
          severity: trc === 'unknown' ? 'medium' : undefined,
          message:
            trc === true
              ? `trust_remote_code=True: loading ${reference.id} runs Python files from its repository.`
              : `trust_remote_code is set from an expression that could not be resolved; if it is true, loading ${reference.id} runs Python from its repository.`,
          evidence: { trustRemoteCode: trc, codeRevision: reference.flags.codeRevision ?? null },
          fix: 'Remove trust_remote_code=True and use a model whose architecture is built into the library, or pin revision= (and code_revision=) to a reviewed commit.',
        },
      });
    }
  }
  return out;
}
