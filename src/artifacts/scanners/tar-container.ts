// Tar archives, including PyTorch's legacy tar checkpoints (members sys_info, pickle, tensors,
// storages). Members are scanned in place through the dispatcher; nothing is extracted.
import type { ArtifactReport, ArtifactScanContext, ByteSource, FindingDraft, FormatScanResult, PickleGlobal } from '../../types.js';
import { checkDeadline } from '../budget.js';
import { listTar } from '../containers/tar.js';
import { containerNameFindings } from '../containers/zip.js';
import { RULE } from '../rule-ids.js';
import { SliceSource } from '../slice-source.js';
import { sniffFormat } from '../sniff.js';
import { readRange, scanPickleBytes } from './pickle.js';

export async function scanTarContainer(source: ByteSource, ctx: ArtifactScanContext): Promise<FormatScanResult> {
  const listing = await listTar(source);
  const findings: FindingDraft[] = [];
  const globals: PickleGlobal[] = [];
  const members: ArtifactReport[] = [];
  const names = listing.entries.map((e) => e.name.replace(/^\.\//, ''));
  const legacyTorch = names.includes('pickle') && names.includes('storages');
  if (listing.error) {
    findings.push({ rule: RULE.incompleteScan, message: `The tar archive ${ctx.path} could not be walked to its end (${listing.error}); later members were not scanned.`, artifact: ctx.path, evidence: { error: listing.error } });
  }
  findings.push(...containerNameFindings(ctx, listing.entries.map((e) => ({ name: e.name, isLink: e.type === '1' || e.type === '2', ...(e.linkTarget !== undefined ? { linkTarget: e.linkTarget } : {}) }))));
  for (const e of listing.entries) {
    if (e.type !== '0' && e.type !== '7' && e.type !== '\0') continue;
    checkDeadline(ctx);
    const member = new SliceSource(e.name, source, e.dataOffset, e.size);
    const head = await member.read(0, 64);
    const kind = sniffFormat(head, e.size);
    if (kind === 'unknown' || kind === 'text' || kind === 'python') continue;
    if (legacyTorch && (kind === 'pickle' || kind === 'pytorch-legacy')) {
      // the storages member is pickles interleaved with raw data; its first pickles carry the types
      const bytes = await readRange(member, 0, Math.min(e.size, e.name.endsWith('storages') ? 1 << 20 : ctx.limits.maxBytesPerFile));
      const r = scanPickleBytes(bytes, ctx, e.name, e.name.endsWith('storages') ? false : bytes.length === e.size);
      globals.push(...r.globals);
      findings.push(...r.findings.filter((f) => !(e.name.endsWith('storages') && f.rule === RULE.pickleMalformed)));
      continue;
    }
    const report = await ctx.scanNested(member, `${ctx.path}/${e.name}`);
    members.push(report);
  }
  return { format: legacyTorch ? 'pytorch-tar' : 'tar', globals, findings, ...(members.length ? { members } : {}) };
}
