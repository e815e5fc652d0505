import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep, isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { s as scanArtifact, L as LocalByteSource, R as RULE, p as planRemoteCode, a as REMOTE_CODE_FILES, b as scanPythonCode, l as loadRoots, f as findCompiledFiles, c as loadPolicy, d as artifactDrafts, j as judge, V as VERSION, e as parseModelId, C as ConfigError, g as createHubClient, r as resolveHubEndpoint, h as assessTarget, i as loadPopularIndex, k as run, m as lockEntry, n as lockKey, o as RULES, q as countBySeverity, t as exitCodeOf, u as toMarkdown, v as toSarif } from './chunks/sarif.js';
import { lstat, realpath, readdir, open } from 'node:fs/promises';
import 'process';
import 'buffer';
import 'node:module';
import 'module';
import 'node:buffer';
import 'node:url';
import 'node:zlib';
import 'os';
import 'path';
import 'fs/promises';
import 'stream';
import 'stream/promises';
import 'fs';
import 'node:child_process';
import 'node:crypto';

// `modelgate inspect PATH`: a file, or every file under a folder. Symbolic links are never
// followed out of the folder; one that points outside is reported instead of read.
const SKIP_DIRS = new Set(['.git', 'node_modules', '__pycache__']);
async function scanFile(abs, shown, limits) {
    const source = new LocalByteSource(shown, abs);
    try {
        return await scanArtifact(source, shown, limits);
    }
    finally {
        await source.close().catch(() => undefined);
    }
}
/**
 * How a path is shown in reports: as given when relative; an absolute path is shown relative to
 * the working directory, so a container's members read `dir/model.7z/data.pkl` like the file.
 */
function shownPath(path) {
    if (!isAbsolute(path))
        return path.split(sep).join('/');
    const rel = relative(process.cwd(), path).split(sep).join('/');
    return rel === '' ? '.' : rel;
}
/**
 * Scans a file, or every file under a folder. `display` is how `path` appears in the reports
 * (default: as given, or relative to the working directory when absolute); files of a folder
 * appear as `display/relative/path`, and so do the members inside them.
 */
async function inspectLocal(path, limits, display = shownPath(path)) {
    const st = await lstat(path);
    if (!st.isDirectory())
        return [await scanFile(path, display, limits)];
    const prefix = display === '' || display === '.' ? '' : `${display.replace(/\/+$/, '')}/`;
    const root = await realpath(path);
    const reports = [];
    const walk = async (dir) => {
        const entries = await readdir(dir, { withFileTypes: true });
        entries.sort((a, b) => a.name.localeCompare(b.name));
        for (const e of entries) {
            const abs = join(dir, e.name);
            const rel = prefix + relative(root, abs).split(sep).join('/');
            if (e.isDirectory()) {
                if (!SKIP_DIRS.has(e.name))
                    await walk(abs);
            }
            else if (e.isSymbolicLink()) {
                const target = await realpath(abs).catch(() => null);
                const inside = target !== null && (target === root || target.startsWith(root + sep));
                if (inside && target && (await lstat(target)).isFile()) {
                    reports.push(await scanFile(target, rel, limits));
                }
                else {
                    reports.push({
                        path: rel,
                        format: 'unknown',
                        bytesRead: 0,
                        size: 0,
                        globals: [],
                        findings: [{ rule: RULE.archiveLink, severity: 'medium', message: `${rel} is a symbolic link ${target ? `to ${target}, outside the folder` : 'that cannot be resolved'}; it was not followed.`, artifact: rel, evidence: { target } }],
                        durationMs: 0,
                    });
                }
            }
            else if (e.isFile()) {
                reports.push(await scanFile(abs, rel, limits));
            }
        }
    };
    await walk(root);
    return reports;
}

// Custom-code analysis of a model folder on disk (`modelgate inspect ./model-dir`): the same
// plan and scan as for a hub model, with files read from the folder. Reads never leave the
// folder (no `..`, no symbolic links pointing outside).
/** A `fetchText` over one folder; other repositories (`org/repo--module.Class`) are absent. */
function folderTextSource(root, id) {
    return {
        async fetchText(repo, _revision, path, maxBytes = 1024 * 1024) {
            if (repo !== id)
                throw new Error(`hub: HTTP 404 RepoNotFound (${repo} is not available when inspecting a local folder)`);
            if (path.split('/').some((p) => p === '..' || p === '') || path.startsWith('/'))
                return null;
            const base = await realpath(root);
            let abs;
            try {
                abs = await realpath(join(base, ...path.split('/')));
            }
            catch {
                return null;
            }
            if (abs !== base && !abs.startsWith(base + sep))
                return null;
            const st = await lstat(abs);
            if (!st.isFile())
                return null;
            const handle = await open(abs, 'r');
            try {
                const buf = Buffer.alloc(Math.min(st.size, maxBytes));
                const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
                return buf.subarray(0, bytesRead).toString('utf8');
            }
            finally {
                await handle.close();
            }
        },
    };
}
async function listFiles(root) {
    const out = [];
    const walk = async (dir, depth) => {
        if (depth > 8 || out.length > 10_000)
            return;
        for (const e of await readdir(dir, { withFileTypes: true })) {
            const abs = join(dir, e.name);
            if (e.isDirectory() && e.name !== '.git' && e.name !== 'node_modules')
                await walk(abs, depth + 1);
            else if (e.isFile())
                out.push(relative(root, abs).split(sep).join('/'));
        }
    };
    await walk(root, 0);
    return out;
}
/** Plans and scans the custom code of a model folder. `id` names it in findings. */
async function inspectLocalCode(root, id = 'local') {
    const plan = await planRemoteCode(id, 'local', folderTextSource(root, id), {});
    const findings = [...plan.findings];
    if (plan.files.length > 0) {
        findings.push({
            rule: REMOTE_CODE_FILES,
            message: `with trust_remote_code=True, loading this folder runs ${plan.files.length} Python file(s): ${plan.files.map((f) => (f.repo === id ? f.path : `${f.repo}:${f.path}`)).join(', ')}`,
            evidence: { files: plan.files.map((f) => ({ repo: f.repo, path: f.path, role: f.role, classes: f.classes, why: f.why })) },
        });
    }
    for (const f of plan.files) {
        if (f.text === null)
            continue;
        findings.push(...(await scanPythonCode(f.path, f.text, { role: f.role, classes: loadRoots(f) })));
    }
    const files = await listFiles(root);
    findings.push(...findCompiledFiles(files, (p) => {
        const base = p.split('/').pop().replace(/\.(so|pyd|dll|dylib|pyc|pyo).*$/i, '');
        return plan.files.find((f) => f.text !== null && base.length > 2 && f.text.includes(base))?.path ?? null;
    }));
    return { plan, findings };
}

// `modelgate inspect TARGET`: deep-scan one local file or folder, or one hub model, and report
// per file what was found. Same judge and report shape as scan, with artifacts instead of
// references.
async function inspectTarget(target, options) {
    const started = Date.now();
    const now = options.now ?? new Date();
    const { policy, policyFile } = loadPolicy(options);
    const local = resolve(options.root, target);
    const base = { version: 1, tool: { name: 'modelgate', version: VERSION }, mode: 'inspect', references: [], datasets: [] };
    if (existsSync(local)) {
        const artifacts = await inspectLocal(local, policy.limits, relative(options.root, local) || '.');
        const drafts = artifactDrafts(artifacts, '').map((draft) => ({ draft: { ...draft, model: null } }));
        let codeFiles = [];
        if (statSync(local).isDirectory()) {
            // A model folder on disk: the custom code transformers would import from it.
            const code = await inspectLocalCode(local);
            codeFiles = code.plan.files.map((f) => f.path);
            drafts.push(...code.findings.map((draft) => ({ draft: { ...draft, model: null } })));
        }
        const judgement = judge(drafts, policy, { mode: 'inspect', now, policyFile });
        return {
            ...base,
            verdict: judgement.verdict,
            models: codeFiles.length
                ? [{ id: relative(options.root, local) || '.', revision: null, resolvedId: null, resolvedSha: null, exists: null, facts: {}, findings: judgement.findings.map((_, i) => i), codeFiles }]
                : [],
            findings: judgement.findings,
            artifacts,
            skipped: [],
            stats: { filesScanned: artifacts.length, bytesRead: artifacts.reduce((n, a) => n + a.bytesRead, 0), hubRequests: 0, durationMs: Date.now() - started },
        };
    }
    const parsed = parseModelId(target, 'model-arg') ?? parseModelId(target, 'free-text');
    if (!parsed)
        throw new ConfigError(`${target} is neither a local file or folder nor a hub model id (org/name[@revision])`);
    if (options.offline)
        throw new ConfigError(`inspecting ${parsed.id} needs the hub: drop --offline`);
    const hub = createHubClient({ endpoint: resolveHubEndpoint(options.hubUrl, policy.hub.url, process.env), token: options.token ?? null, cacheFile: options.cacheFile ?? null, log: options.log });
    const modelTarget = { id: parsed.id, revision: parsed.revision, repoType: 'model', references: [] };
    const result = await assessTarget(modelTarget, { policy, hub, log: options.log, now }, loadPopularIndex());
    await hub.saveCache();
    const judgement = judge(result.drafts.map((draft) => ({ draft, target: { ...modelTarget, introduced: true } })), policy, { mode: 'inspect', now, policyFile });
    return {
        ...base,
        verdict: judgement.verdict,
        models: [
            {
                id: parsed.id,
                revision: parsed.revision,
                resolvedId: result.facts?.resolvedId ?? null,
                resolvedSha: result.facts?.sha ?? null,
                exists: result.facts ? (result.facts.status === 'not-found' ? false : result.facts.status === 'error' ? null : true) : null,
                facts: result.facts ?? {},
                findings: judgement.findings.map((_, i) => i),
                codeFiles: result.codeFiles,
            },
        ],
        findings: judgement.findings,
        artifacts: result.artifacts,
        skipped: [],
        stats: { filesScanned: result.artifacts.length, bytesRead: result.artifacts.reduce((n, a) => n + a.bytesRead, 0), hubRequests: hub.requestCount(), durationMs: Date.now() - started },
    };
}

// `modelgate lock`: resolve every referenced model to a commit and its file hashes, so later
// scans (and reviewers) can tell when what the hub serves changes.
async function writeLockfile(options, file) {
    const report = await run({ ...options, offline: true });
    const { policy } = loadPolicy(options);
    const endpoint = resolveHubEndpoint(options.hubUrl, policy.hub.url, process.env);
    const hub = createHubClient({ endpoint, token: options.token ?? null, cacheFile: options.cacheFile ?? null, log: options.log });
    const lock = { version: 1, hub: endpoint, models: {} };
    const failed = [];
    for (const model of report.models) {
        const facts = await hub.modelFacts(model.id, model.revision);
        const entry = lockEntry(facts, new Date());
        if (entry)
            lock.models[lockKey(model.id, model.revision)] = entry;
        else
            failed.push(`${lockKey(model.id, model.revision)} (${facts.status}${facts.error ? `: ${facts.error}` : ''})`);
    }
    await hub.saveCache();
    writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
    return { locked: Object.keys(lock.models).length, failed };
}

function toJson(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
}

// Plain-text rendering of artifact reports for `modelgate inspect`: per file the detected
// format (and the claimed one when the name disagrees), bytes read, the pickle globals with
// their class, and the findings. Members of containers are indented under their archive.
function severity(f) {
    return f.severity ?? RULES.find((r) => r.id === f.rule)?.severity ?? 'info';
}
function size(n) {
    if (n < 1024)
        return `${n} B`;
    if (n < 1024 * 1024)
        return `${(n / 1024).toFixed(1)} KiB`;
    if (n < 1024 ** 3)
        return `${(n / 1024 / 1024).toFixed(1)} MiB`;
    return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
function formatArtifactReport(report, indent = '') {
    const lines = [];
    const claimed = report.claimedFormat ? ` (named like ${report.claimedFormat})` : '';
    lines.push(`${indent}${report.path}: ${report.format}${claimed}, ${size(report.size)}, read ${size(report.bytesRead)} in ${report.durationMs} ms`);
    if (report.globals.length > 0) {
        lines.push(`${indent}  globals:`);
        for (const g of report.globals) {
            const where = g.member ? ` [${g.member}]` : '';
            lines.push(`${indent}    ${g.classification.padEnd(9)} ${g.called ? 'called  ' : 'imported'} ${g.module}.${g.name}${where}${g.reason ? `: ${g.reason}` : ''}`);
        }
    }
    if (report.findings.length > 0) {
        lines.push(`${indent}  findings:`);
        for (const f of report.findings)
            lines.push(`${indent}    ${severity(f).toUpperCase().padEnd(8)} ${f.rule} ${f.message}`);
    }
    else if (!report.members?.length) {
        lines.push(`${indent}  no findings`);
    }
    // members scanned through the dispatcher carry their own globals and findings
    for (const member of report.members ?? [])
        lines.push(formatArtifactReport(member, `${indent}  `));
    return lines.join('\n');
}
function formatArtifactReports(reports) {
    return reports.map((r) => formatArtifactReport(r)).join('\n\n');
}

// The terminal report: what a person reads after `modelgate scan`. Plain text, no colour codes
// unless asked, control characters from repository content removed.
const LABEL = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFO' };
/** Repository and hub text must not move the cursor or recolour the terminal. */
function clean(text) {
    return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '�');
}
function pad(text, width) {
    return text.length >= width ? text : text + ' '.repeat(width - text.length);
}
function where(f) {
    if (!f.file)
        return '';
    return `${f.file}${f.line ? `:${f.line}` : ''}`;
}
function severitySummary(findings) {
    const counts = countBySeverity(findings);
    const parts = ['critical', 'high', 'medium', 'low', 'info'].filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
    return parts.length ? parts.join(', ') : 'none';
}
function findingLines(findings) {
    const lines = [];
    for (const f of findings) {
        const mark = f.blocking ? '✗' : f.exception && !f.exception.expired ? '~' : ' ';
        const head = [`${mark} ${pad(LABEL[f.severity], 8)}`, f.rule, where(f), f.model ? `[${f.model}]` : '', f.artifact ? `(${f.artifact})` : '']
            .filter(Boolean)
            .join('  ');
        lines.push(clean(head));
        lines.push(`    ${clean(f.message)}`);
        if (f.fix)
            lines.push(`    fix: ${clean(f.fix)}`);
        if (f.exception)
            lines.push(`    exception${f.exception.expired ? ' (EXPIRED)' : ''}: ${clean(f.exception.reason)}`);
    }
    return lines;
}
function toText(report) {
    const lines = [];
    const blocking = report.findings.filter((f) => f.blocking).length;
    lines.push(`modelgate ${report.tool.version} (${report.mode} scan): ${report.stats.filesScanned} files, ${report.references.length} references, ${report.models.length} models, ${report.findings.length} findings`);
    if (report.artifacts) {
        // Per file: detected format, bytes read, globals with their class, findings as found.
        lines.push('', 'ARTIFACTS', ...formatArtifactReports(report.artifacts).split('\n').map((l) => clean(`  ${l}`)));
    }
    if (report.models.length > 0) {
        lines.push('', 'MODELS');
        const width = Math.min(60, Math.max(10, ...report.models.map((m) => m.id.length + (m.revision ? m.revision.length + 1 : 0))));
        for (const m of report.models) {
            const name = m.revision ? `${m.id}@${m.revision}` : m.id;
            const status = m.exists === null ? 'not checked' : m.exists ? (m.resolvedSha ? `at ${m.resolvedSha.slice(0, 12)}` : 'exists') : 'NOT FOUND';
            const found = severitySummary(m.findings.map((i) => report.findings[i]));
            lines.push(clean(`  ${pad(name, width)}  ${pad(status, 16)}  ${found}`));
            if (m.codeFiles?.length) {
                lines.push('      code that runs with trust_remote_code:');
                for (const file of m.codeFiles)
                    lines.push(clean(`        ${file}`));
            }
        }
    }
    if (report.findings.length > 0) {
        lines.push('', 'FINDINGS  (✗ fails the check, ~ covered by an exception)');
        lines.push(...findingLines(report.findings).map((l) => `  ${l}`));
    }
    if (report.skipped.length > 0) {
        lines.push('', 'SKIPPED');
        for (const s of report.skipped)
            lines.push(`  ${clean(s)}`);
    }
    lines.push('', `verdict: ${report.verdict.toUpperCase()}${blocking ? ` (${blocking} blocking finding${blocking === 1 ? '' : 's'})` : ''}  ` +
        `[${report.stats.hubRequests} hub requests, ${report.stats.bytesRead} bytes read, ${report.stats.durationMs} ms]`);
    return `${lines.join('\n')}\n`;
}

// The command-line entry: argv -> run() -> text / json / sarif / markdown. `main` returns the
// exit status instead of exiting so tests can call it.
const FORMATS = ['text', 'json', 'sarif', 'markdown'];
const USAGE = `modelgate ${VERSION}: guard a repository against the ML model supply chain

usage:
  modelgate scan [PATH]            find model references under PATH (default .) and judge them
      --policy FILE                policy file (default: .github/modelgate.yml when present)
      --format text|json|sarif|markdown   (default text)      --output FILE
      --base REF [--head REF]      report only what the change introduces
      --hub-url URL                hub endpoint (default https://huggingface.co, or HF_ENDPOINT)
      --offline                    no network: static checks only, say what was skipped
      --lockfile FILE              (default modelgate.lock.json when present)
      --fail-on SEVERITY           override the policy's failing threshold
      --cache FILE                 persistent hub cache file
  modelgate inspect TARGET         deep-scan a local file or folder, or a hub id[@revision]
  modelgate lock [PATH]            pin every referenced model: write modelgate.lock.json
  modelgate where MODEL_ID [PATH]  every file:line that references the model

exit status: 0 pass, 1 policy failure, 2 usage or configuration error,
             3 could not complete an assessment the policy requires
HF_TOKEN is read from the environment and sent only to the hub endpoint.
`;
class UsageError extends Error {
}
function logger(io, verbose) {
    return {
        info: (m) => verbose && io.stderr(`${m}\n`),
        warn: (m) => io.stderr(`warning: ${m}\n`),
        debug: (m) => verbose && io.stderr(`${m}\n`),
    };
}
function render(report, format) {
    switch (format) {
        case 'json':
            return toJson(report);
        case 'sarif':
            return `${JSON.stringify(toSarif(report), null, 2)}\n`;
        case 'markdown':
            return toMarkdown(report);
        default:
            return toText(report);
    }
}
function parse(argv) {
    return parseArgs({
        args: argv,
        allowPositionals: true,
        strict: true,
        options: {
            policy: { type: 'string' },
            format: { type: 'string', default: 'text' },
            output: { type: 'string', short: 'o' },
            base: { type: 'string' },
            head: { type: 'string' },
            'hub-url': { type: 'string' },
            offline: { type: 'boolean', default: false },
            lockfile: { type: 'string' },
            'fail-on': { type: 'string' },
            cache: { type: 'string' },
            verbose: { type: 'boolean', short: 'v', default: false },
            help: { type: 'boolean', short: 'h', default: false },
            version: { type: 'boolean', default: false },
        },
    });
}
async function main(argv, io) {
    let args;
    try {
        args = parse(argv);
    }
    catch (error) {
        io.stderr(`modelgate: ${error.message}\n\n${USAGE}`);
        return 2;
    }
    const { values, positionals } = args;
    if (values.version) {
        io.stdout(`${VERSION}\n`);
        return 0;
    }
    const [command, ...rest] = positionals;
    if (values.help || !command) {
        (values.help ? io.stdout : io.stderr)(USAGE);
        return values.help ? 0 : 2;
    }
    const format = values.format;
    const log = logger(io, values.verbose === true);
    const output = (text) => {
        if (values.output)
            writeFileSync(resolve(io.cwd, values.output), text);
        else
            io.stdout(text);
    };
    try {
        if (!FORMATS.includes(format))
            throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
        if (values.head && !values.base)
            throw new UsageError('--head needs --base');
        const common = {
            hubUrl: values['hub-url'] ?? null,
            token: io.env.HF_TOKEN || io.env.HUGGING_FACE_HUB_TOKEN || null,
            offline: values.offline === true,
            cacheFile: values.cache ? resolve(io.cwd, values.cache) : null,
            log,
        };
        const policyOverrides = values['fail-on'] ? { 'fail-on': values['fail-on'] } : undefined;
        switch (command) {
            case 'scan': {
                if (rest.length > 1)
                    throw new UsageError('scan takes one PATH');
                const report = await run({
                    ...common,
                    root: resolve(io.cwd, rest[0] ?? '.'),
                    policyFile: values.policy ?? null,
                    policyOverrides,
                    base: values.base ?? null,
                    head: values.head ?? null,
                    lockfile: values.lockfile ?? null,
                });
                output(render(report, format));
                return exitCodeOf(report);
            }
            case 'inspect': {
                if (rest.length !== 1)
                    throw new UsageError('inspect takes one TARGET: a file, a folder, or a hub id[@revision]');
                const report = await inspectTarget(rest[0], { ...common, root: io.cwd, policyFile: values.policy ?? null, policyOverrides });
                output(render(report, format));
                return exitCodeOf(report);
            }
            case 'lock': {
                if (values.offline)
                    throw new UsageError('lock needs the hub: drop --offline');
                const root = resolve(io.cwd, rest[0] ?? '.');
                const file = resolve(root, values.lockfile ?? 'modelgate.lock.json');
                const written = await writeLockfile({ ...common, root, policyFile: values.policy ?? null }, file);
                io.stdout(`wrote ${file}: ${written.locked} model(s) pinned${written.failed.length ? `; not locked: ${written.failed.map(clean).join(', ')}` : ''}\n`);
                return written.failed.length ? 3 : 0;
            }
            case 'where': {
                if (rest.length < 1 || rest.length > 2)
                    throw new UsageError('where takes MODEL_ID [PATH]');
                const wanted = parseModelId(rest[0], 'model-arg') ?? parseModelId(rest[0], 'free-text');
                if (!wanted)
                    throw new UsageError(`${rest[0]} is not a model id (expected org/name)`);
                const report = await run({ ...common, offline: true, root: resolve(io.cwd, rest[1] ?? '.'), policyFile: values.policy ?? null });
                const hits = report.references.filter((r) => r.id?.toLowerCase() === wanted.id.toLowerCase());
                if (format === 'json')
                    output(`${JSON.stringify(hits, null, 2)}\n`);
                else
                    output(hits.map((r) => clean(`${r.file}:${r.line}:${r.column}  ${r.call}${r.revision ? `  revision=${r.revision}` : ''}`)).join('\n') + (hits.length ? '\n' : ''));
                return hits.length ? 0 : 1;
            }
            default:
                throw new UsageError(`unknown command ${command}`);
        }
    }
    catch (error) {
        if (error instanceof UsageError) {
            io.stderr(`modelgate: ${error.message}\n\n${USAGE}`);
            return 2;
        }
        if (error instanceof ConfigError) {
            io.stderr(`modelgate: ${error.message}\n`);
            return 2;
        }
        io.stderr(`modelgate: could not complete the scan: ${error.stack ?? error}\n`);
        return 3;
    }
}

export { USAGE, main };
