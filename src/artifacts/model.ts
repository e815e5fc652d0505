// The artifacts of one hub model: choose which files to scan (everything that can carry code or
// that the loaders parse: weights, pickles, archives, configs with templates), read them through
// the hub client with range requests, and stop at the per-model time budget; what was not
// reached is itself a finding.
import type { ArtifactReport, HubClient, HubFile, ModelFacts, ScanLimits } from '../types.js';
import { RULE } from './rule-ids.js';
import { parseModelId } from '../resolve/model-id.js';
import { scanArtifact } from './scan.js';
import { isChatTemplateFile, isTemplateConfig } from './names.js';

const PICKLE_LIKE = /\.(bin|pt|pth|ckpt|pkl|pickle|joblib|npy|npz|p|dill|mar|model|sav)$/i;
const OTHER_WEIGHTS = /\.(safetensors|gguf|onnx|keras|h5|hdf5|pb|tflite|msgpack|mlmodel|nemo)$/i;
const ARCHIVES = /\.(zip|tar|tgz|gz|bz2|xz|lzma|7z)$/i;

/** Which files of a model to scan, most dangerous formats first. */
export function selectArtifacts(files: HubFile[]): HubFile[] {
  const rank = (f: HubFile): number => (PICKLE_LIKE.test(f.path) ? 0 : ARCHIVES.test(f.path) ? 1 : OTHER_WEIGHTS.test(f.path) ? 2 : isTemplateConfig(f.path) || isChatTemplateFile(f.path) ? 3 : 9);
  return files
    .filter((f) => rank(f) < 9)
    .sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}

export async function scanModelArtifacts(facts: ModelFacts, hub: HubClient, limits: ScanLimits & { maxArtifactsPerModel: number }): Promise<ArtifactReport[]> {
  const chosen = selectArtifacts(facts.files ?? []);
  const revision = facts.sha ?? facts.revision ?? 'main';
  const deadline = Date.now() + limits.timeoutMsPerModel;
  const reports: ArtifactReport[] = [];
  const notReached: string[] = [];
  for (const [i, file] of chosen.entries()) {
    if (i >= limits.maxArtifactsPerModel || Date.now() > deadline) {
      notReached.push(file.path);
      continue;
    }
    const remaining = deadline - Date.now();
    const source = hub.openFile(facts.resolvedId, revision, file.path);
    const report = await scanArtifact(source, file.path, { ...limits, timeoutMsPerFile: Math.min(limits.timeoutMsPerFile, remaining) });
    for (const f of report.findings) f.model ??= facts.resolvedId;
    reports.push(report);
  }
  if (notReached.length > 0) {
    reports.push({
      path: notReached[0],
      format: 'unknown',
      bytesRead: 0,
      size: 0,
      globals: [],
      findings: [
        {
          rule: RULE.incompleteScan,
          model: facts.resolvedId,
          artifact: null,
          message: `${notReached.length} file(s) of ${facts.resolvedId} were not scanned: the model's ${chosen.length > limits.maxArtifactsPerModel ? `file limit (${limits.maxArtifactsPerModel})` : `time budget (${limits.timeoutMsPerModel} ms)`} ran out first.`,
          evidence: { notScanned: notReached.slice(0, 100), count: notReached.length },
          fix: 'Raise limits.max-artifacts-per-model or limits.timeout-ms-per-model in the policy.',
        },
      ],
      durationMs: 0,
    });
  }
  return reports;
}

/**
 * `modelgate inspect org/name[@revision]`: the model's facts, then its artifacts. Hub failures
 * (not found, gated, unreachable) come back as one report with a could-not-scan finding.
 */
export async function inspectHubModel(target: string, hub: HubClient, limits: ScanLimits & { maxArtifactsPerModel: number }): Promise<{ facts: ModelFacts; reports: ArtifactReport[] }> {
  const parsed = parseModelId(target, 'model-arg');
  const at = target.lastIndexOf('@');
  const id = parsed?.id ?? (at > 0 ? target.slice(0, at) : target);
  const revision = parsed?.revision ?? (at > 0 ? target.slice(at + 1) : null);
  const facts = await hub.modelFacts(id, revision);
  if (facts.status !== 'ok') {
    return {
      facts,
      reports: [
        {
          path: id,
          format: 'unknown',
          bytesRead: 0,
          size: 0,
          globals: [],
          findings: [
            {
              rule: RULE.incompleteScan,
              model: id,
              artifact: null,
              message: `Could not scan the files of ${id}${revision ? `@${revision}` : ''}: the hub answered ${facts.status}${facts.error ? ` (${facts.error})` : ''}.`,
              evidence: { status: facts.status },
            },
          ],
          durationMs: 0,
        },
      ],
    };
  }
  return { facts, reports: await scanModelArtifacts(facts, hub, limits) };
}
