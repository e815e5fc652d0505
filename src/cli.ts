// The command-line entry: argv -> run() -> text / json / sarif / markdown. `main` returns the
// exit status instead of exiting so tests can call it.
import { writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { inspectTarget } from './inspect.js';
import { writeLockfile } from './provenance/lock.js';
import { exitCodeOf } from './report/exit-code.js';
import { toJson } from './report/json.js';
import { toMarkdown } from './report/markdown.js';
import { toSarif } from './report/sarif.js';
import { clean, toText } from './report/text.js';
import { parseModelId } from './resolve/model-id.js';
import { ConfigError, run } from './run.js';
import type { Logger, Report } from './types.js';
import { VERSION } from './version.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

export const USAGE = `modelgate ${VERSION}: guard a repository against the ML model supply chain

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

class UsageError extends Error {}

function logger(io: CliIO, verbose: boolean): Logger {
  return {
    info: (m) => verbose && io.stderr(`${m}\n`),
    warn: (m) => io.stderr(`warning: ${m}\n`),
    debug: (m) => verbose && io.stderr(`${m}\n`),
  };
}

function render(report: Report, format: Format): string {
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

function parse(argv: string[]) {
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

export async function main(argv: string[], io: CliIO): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    io.stderr(`modelgate: ${(error as Error).message}\n\n${USAGE}`);
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
  const format = values.format as Format;
  const log = logger(io, values.verbose === true);
  const output = (text: string) => {
    if (values.output) writeFileSync(resolvePath(io.cwd, values.output), text);
    else io.stdout(text);
  };
  try {
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
    if (values.head && !values.base) throw new UsageError('--head needs --base');
    const common = {
      hubUrl: values['hub-url'] ?? null,
      token: io.env.HF_TOKEN || io.env.HUGGING_FACE_HUB_TOKEN || null,
      offline: values.offline === true,
      cacheFile: values.cache ? resolvePath(io.cwd, values.cache) : null,
      log,
    };
    const policyOverrides = values['fail-on'] ? { 'fail-on': values['fail-on'] } : undefined;
    switch (command) {
      case 'scan': {
        if (rest.length > 1) throw new UsageError('scan takes one PATH');
        const report = await run({
          ...common,
          root: resolvePath(io.cwd, rest[0] ?? '.'),
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
        if (rest.length !== 1) throw new UsageError('inspect takes one TARGET: a file, a folder, or a hub id[@revision]');
        const report = await inspectTarget(rest[0], { ...common, root: io.cwd, policyFile: values.policy ?? null, policyOverrides });
        output(render(report, format));
        return exitCodeOf(report);
      }
      case 'lock': {
        if (values.offline) throw new UsageError('lock needs the hub: drop --offline');
        const root = resolvePath(io.cwd, rest[0] ?? '.');
        const file = resolvePath(root, values.lockfile ?? 'modelgate.lock.json');
        const written = await writeLockfile({ ...common, root, policyFile: values.policy ?? null }, file);
        io.stdout(`wrote ${file}: ${written.locked} model(s) pinned${written.failed.length ? `; not locked: ${written.failed.map(clean).join(', ')}` : ''}\n`);
        return written.failed.length ? 3 : 0;
      }
      case 'where': {
        if (rest.length < 1 || rest.length > 2) throw new UsageError('where takes MODEL_ID [PATH]');
        const wanted = parseModelId(rest[0], 'model-arg') ?? parseModelId(rest[0], 'free-text');
        if (!wanted) throw new UsageError(`${rest[0]} is not a model id (expected org/name)`);
        const report = await run({ ...common, offline: true, root: resolvePath(io.cwd, rest[1] ?? '.'), policyFile: values.policy ?? null });
        const hits = report.references.filter((r) => r.id?.toLowerCase() === wanted.id.toLowerCase());
        if (format === 'json') output(`${JSON.stringify(hits, null, 2)}\n`);
        else output(hits.map((r) => clean(`${r.file}:${r.line}:${r.column}  ${r.call}${r.revision ? `  revision=${r.revision}` : ''}`)).join('\n') + (hits.length ? '\n' : ''));
        return hits.length ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`modelgate: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      io.stderr(`modelgate: ${error.message}\n`);
      return 2;
    }
    io.stderr(`modelgate: could not complete the scan: ${(error as Error).stack ?? error}\n`);
    return 3;
  }
}
