// Hub facts -> findings for one model target. Pure apart from the hub calls made through
// ctx.hub; every rule's facts are listed in docs/hub.md.
import { minimatch } from 'minimatch';
import type { AssessContext, FindingDraft, HubFile, ModelFacts, ModelTarget } from '../types.js';
import { isCommitSha } from './client.js';
import { isPythonFile, weightKind } from './weights.js';

const DAY_MS = 24 * 3600 * 1000;

export async function assessHub(target: ModelTarget, ctx: AssessContext): Promise<{ facts: ModelFacts; findings: FindingDraft[] }> {
  const hub = ctx.hub;
  if (!hub) throw new Error('assessHub needs a hub client (offline runs skip it)');
  const facts = await hub.modelFacts(target.id, target.revision);
  const findings: FindingDraft[] = [];
  const model = target.id;
  const add = (d: Omit<FindingDraft, 'model'>): void => void findings.push({ model, artifact: null, ...d });
  const shown = target.revision ? `${target.id}@${target.revision}` : target.id;

  switch (facts.status) {
    case 'error':
      add({
        rule: 'MG020',
        message: `Could not assess ${shown} on ${hub.endpoint}: ${facts.error ?? 'unknown error'}.`,
        evidence: { endpoint: hub.endpoint, error: facts.error ?? null },
        fix: 'Re-run when the hub is reachable, or point --hub-url at a reachable mirror.',
      });
      return { facts, findings };
    case 'not-found': {
      const owner = target.id.includes('/') ? target.id.split('/')[0] : null;
      let namespaceExists: boolean | null = null;
      if (owner) namespaceExists = await hub.authorFacts(owner).then((a) => a.exists, () => null);
      const tail =
        namespaceExists === false
          ? ` The namespace "${owner}" does not exist either: anyone can register it and publish a model under this exact id.`
          : ' It may be a typo, deleted, or private to an account the token cannot read.';
      add({
        rule: 'MG202',
        message: `Model ${target.id} does not exist on the hub.${tail}`,
        evidence: { endpoint: hub.endpoint, namespace: owner, namespaceExists },
        fix: 'Correct the model id, or remove the reference.',
      });
      return { facts, findings };
    }
    case 'revision-not-found':
      add({
        rule: 'MG302',
        message: `Revision "${target.revision}" does not exist in ${target.id}.`,
        evidence: { revision: target.revision },
        fix: 'Pin an existing commit of the model (revision="<40-character sha>").',
      });
      return { facts, findings };
    case 'disabled':
      add({
        rule: 'MG205',
        message: `The hub has disabled ${facts.resolvedId}; do not load it.`,
        evidence: { resolvedId: facts.resolvedId },
        fix: 'Replace the model with one the hub serves.',
      });
      return { facts, findings };
    case 'private':
      add({
        rule: 'MG204',
        message: `${facts.resolvedId} is private and the token has no access, so its files were not assessed.`,
        evidence: { tokenUsed: null },
        fix: 'Run with HF_TOKEN set to a token that can read the model.',
      });
      return { facts, findings };
    default:
      break;
  }

  if (facts.resolvedId.toLowerCase() !== target.id.toLowerCase()) {
    const legacy = !target.id.includes('/');
    add({
      rule: 'MG209',
      severity: legacy ? 'low' : undefined,
      message: legacy
        ? `Legacy id ${target.id} redirects to ${facts.resolvedId}.`
        : `${target.id} was renamed: the hub redirects it to ${facts.resolvedId}. If "${target.id}" is registered again, this reference loads that repository instead.`,
      evidence: { resolvedId: facts.resolvedId, legacy },
      fix: `Reference "${facts.resolvedId}" directly.`,
    });
  }

  if (!isCommitSha(target.revision) && facts.sha) {
    add({
      rule: 'MG301',
      severity: ctx.policy.require.pinnedRevision ? 'high' : undefined,
      message: `${shown} is not pinned; today it resolves to commit ${facts.sha}.`,
      evidence: { revision: target.revision, resolvedSha: facts.sha },
      fix: `revision="${facts.sha}"`,
    });
  }

  if (facts.status === 'gated') {
    add({
      rule: 'MG203',
      message: `${facts.resolvedId} is gated (${facts.gated || 'access request'}) and the token has no access, so its files were not read.`,
      evidence: { gated: facts.gated ?? null },
      fix: 'Request access on the hub and run with HF_TOKEN set to a token that has it.',
    });
  }

  publicationFindings(facts, ctx, add);
  const files = facts.files ?? [];
  weightFindings(files, ctx, add);
  codeFindings(facts, files, target, ctx, add);
  scannerFindings(files, add);
  return { facts, findings };
}

type Add = (d: Omit<FindingDraft, 'model'>) => void;

function publicationFindings(facts: ModelFacts, ctx: AssessContext, add: Add): void {
  const req = ctx.policy.require;
  if (req.minAgeDays > 0 && facts.createdAt) {
    const ageDays = Math.floor((ctx.now.getTime() - Date.parse(facts.createdAt)) / DAY_MS);
    if (ageDays < req.minAgeDays) {
      add({
        rule: 'MG206',
        message: `${facts.resolvedId} was created ${ageDays} day(s) ago (${facts.createdAt}); the policy requires ${req.minAgeDays}.`,
        evidence: { createdAt: facts.createdAt, ageDays, minAgeDays: req.minAgeDays },
      });
    }
  }
  if (req.minDownloads > 0 && typeof facts.downloads === 'number' && facts.downloads < req.minDownloads) {
    add({
      rule: 'MG207',
      message: `${facts.resolvedId} has ${facts.downloads} downloads; the policy requires ${req.minDownloads}.`,
      evidence: { downloads: facts.downloads, likes: facts.likes ?? null, minDownloads: req.minDownloads },
    });
  }
  if (req.verifiedPublisher) {
    const a = facts.authorInfo;
    if (!a) {
      add({
        rule: 'MG021',
        message: `Could not read the hub overview of ${facts.author ?? 'the author'} to check that the publisher is verified.`,
        evidence: { author: facts.author ?? null },
      });
    } else if (!(a.type === 'org' && a.verified)) {
      add({
        rule: 'MG208',
        message: `${facts.resolvedId} is published by ${a.type === 'org' ? 'the unverified organisation' : 'the user'} "${a.name}"; the policy requires a verified organisation.`,
        evidence: { author: a.name, authorType: a.type, verified: a.verified, authorCreatedAt: a.createdAt ?? null },
      });
    }
  }
}

function weightFindings(files: HubFile[], ctx: AssessContext, add: Add): void {
  const pickles = files.filter((f) => weightKind(f.path) === 'pickle');
  const safe = files.filter((f) => weightKind(f.path) === 'safe');
  if (!pickles.length) return;
  const listed = pickles.map((f) => f.path);
  if (!safe.length) {
    add({
      rule: 'MG520',
      message: `Weights only in pickle-based formats (${preview(listed)}): loading them can run arbitrary code.`,
      artifact: listed.length === 1 ? listed[0] : null,
      evidence: { pickleFiles: listed },
      fix: 'Use a revision or model that ships safetensors, or load with torch.load(weights_only=True) after reviewing the files.',
    });
    return;
  }
  add({
    rule: 'MG521',
    severity: ctx.policy.require.safetensorsOnly ? 'high' : undefined,
    message: `Pickle-based files (${preview(listed)}) sit beside ${safe.map((f) => f.path).slice(0, 3).join(', ')}; make sure the loader uses the safe files.`,
    artifact: listed.length === 1 ? listed[0] : null,
    evidence: { pickleFiles: listed, safeFiles: safe.map((f) => f.path), safetensorsOnly: ctx.policy.require.safetensorsOnly },
    fix: 'Pass use_safetensors=True (or the GGUF/ONNX file explicitly) so the pickle files are never loaded.',
  });
}

function codeFindings(facts: ModelFacts, files: HubFile[], target: ModelTarget, ctx: AssessContext, add: Add): void {
  const pyFiles = files.filter((f) => isPythonFile(f.path)).map((f) => f.path);
  const autoMap = facts.autoMap ?? {};
  const entries = Object.entries(autoMap).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string').map((value) => ({ key: k, value })));
  if (!pyFiles.length && !entries.length) return;
  const req = ctx.policy.require;
  const allowed = req.customCodeAllowed.some((g) => minimatch(facts.resolvedId, g, { nocase: true }) || minimatch(target.id, g, { nocase: true }));
  const trusted = target.references.some((r) => r.flags.trustRemoteCode === true);
  add({
    rule: 'MG522',
    severity: req.noCustomCode && !allowed ? 'high' : undefined,
    message:
      `${facts.resolvedId} ships custom code (${[...(entries.length ? [`auto_map: ${entries.map((e) => e.key).join(', ')}`] : []), ...(pyFiles.length ? [preview(pyFiles)] : [])].join('; ')})` +
      (trusted ? ', and a reference loads it with trust_remote_code=True.' : '; it runs only with trust_remote_code=True.'),
    artifact: pyFiles.length === 1 ? pyFiles[0] : null,
    evidence: { pythonFiles: pyFiles, autoMap, allowedByPolicy: allowed, trustRemoteCode: trusted },
    fix: 'Prefer a model supported by the library without custom code, or review the code and list the model in require.custom-code-allowed.',
  });
  for (const e of entries) {
    const m = /^([^/\s]+\/[^/\s]+?)--(.+)$/.exec(e.value);
    if (!m) continue;
    add({
      rule: 'MG523',
      message: `auto_map ${e.key} loads ${m[2]} from another repository, ${m[1]}, at its default branch: pinning ${facts.resolvedId} does not pin that code.`,
      artifact: 'config.json',
      evidence: { key: e.key, value: e.value, codeRepo: m[1], reference: m[2] },
      fix: `Pin the code too (code_revision="<sha of ${m[1]}>") or use a model that ships its code in its own repository.`,
    });
  }
}

function scannerFindings(files: HubFile[], add: Add): void {
  for (const f of files) {
    const v = f.security;
    if (!v) continue;
    const words = v.details.filter((d) => d.status !== 'safe').map((d) => `${d.scanner}: ${d.status}${d.message ? ` (${d.message})` : ''}`);
    const said = words.length ? ` ${words.join('; ')}.` : '';
    if (v.status === 'unsafe' || v.status === 'malicious') {
      add({ rule: 'MG601', artifact: f.path, message: `The hub's scanners mark ${f.path} unsafe.${said}`, evidence: { status: v.status, scanners: v.details }, fix: 'Do not load this file; choose another model or revision.' });
    } else if (v.status === 'caution' || v.status === 'suspicious') {
      add({ rule: 'MG602', artifact: f.path, message: `The hub's scanners mark ${f.path} as ${v.status}.${said}`, evidence: { status: v.status, scanners: v.details }, fix: 'Review what the scanners report before loading this file.' });
    } else if (v.status !== 'safe' && weightKind(f.path) === 'pickle') {
      add({ rule: 'MG603', artifact: f.path, message: `The hub reports no completed scan of ${f.path} (status: ${v.status}).`, evidence: { status: v.status } });
    }
  }
}

function preview(paths: string[]): string {
  return paths.length <= 3 ? paths.join(', ') : `${paths.slice(0, 3).join(', ')} and ${paths.length - 3} more`;
}
