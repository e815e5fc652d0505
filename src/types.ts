// The data that flows between pipeline stages. Every stage is a function from these types to
// these types; nothing here does I/O. Sections follow the pipeline order.

// ---------------------------------------------------------------------------------------------
// Shared vocabulary
// ---------------------------------------------------------------------------------------------

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** The supply-chain stage a finding protects (DESIGN.md, "The six stages"). */
export type Stage = 'training' | 'publication' | 'hosting' | 'download' | 'loading' | 'inference';

/** A line in the user's repository. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string; // repository-relative, POSIX separators
  line: number;
  column: number;
  /** Jupyter notebooks: 1-based index of the code cell and the line within it. */
  cell?: number;
  cellLine?: number;
}

// ---------------------------------------------------------------------------------------------
// discover -> extract
// ---------------------------------------------------------------------------------------------

/** One file handed to the extractors: text already decoded, size already bounded. */
export interface SourceFile {
  path: string; // repository-relative, POSIX separators
  text: string;
}

export type RepoType = 'model' | 'dataset' | 'space';

/** How a reference was written: the family of call or config that names the model. */
export type ReferenceKind =
  | 'from_pretrained' // any X.from_pretrained("id")
  | 'pipeline' // transformers / transformers.js pipeline(...)
  | 'hub_download' // hf_hub_download, snapshot_download, huggingface_hub API calls, JS hub calls
  | 'constructor' // SentenceTransformer("id"), CrossEncoder, LLM(model=), create_model("hf_hub:")
  | 'inference' // @huggingface/inference model: fields, InferenceClient(model=)
  | 'dataset' // load_dataset: recorded, not assessed as a model
  | 'config' // YAML/JSON/TOML key
  | 'env' // .env, Dockerfile ENV/ARG, compose/k8s env
  | 'cli' // shell, Makefile, Dockerfile RUN, container command/args
  | 'url'; // a hub URL in text

export type Confidence = 'high' | 'medium' | 'low';

/** Loader options written next to the reference. `undefined` = not given. */
export interface LoaderFlags {
  trustRemoteCode?: boolean | 'unknown';
  useSafetensors?: boolean | 'unknown';
  weightsOnly?: boolean | 'unknown';
  fromTf?: boolean | 'unknown';
  codeRevision?: string;
}

export interface ModelReference extends SourceLocation {
  /** Normalised hub id (`org/name` or a legacy un-namespaced id); null when unresolved. */
  id: string | null;
  /** The expression or text as written (for unresolved references: what could not be resolved). */
  raw: string;
  revision: string | null;
  repoType: RepoType;
  kind: ReferenceKind;
  /** The call or key that names the model, e.g. `AutoModel.from_pretrained`, `base_model`. */
  call: string;
  flags: LoaderFlags;
  confidence: Confidence;
  /** PR mode: true when the reference is not present at the base ref. Unset in full mode. */
  introduced?: boolean;
}

/** A problem reading one file: it becomes a finding, the scan goes on. */
export interface FileProblem {
  file: string;
  line?: number;
  message: string;
  /** What the user should do about it. */
  fix?: string;
}

/**
 * A call in the user's own code that deserialises data unsafely (torch.load without
 * weights_only, pickle.load, ...). Produced by src/code/loading-calls.ts.
 */
export interface LoadingCall extends SourceLocation {
  rule: string; // rule id from the catalogue
  call: string;
  message: string;
  fix: string;
  /** Model id the call applies to, when the call names one. */
  model?: string | null;
  evidence?: Record<string, unknown>;
}

export interface ExtractResult {
  references: ModelReference[];
  problems: FileProblem[];
}

// ---------------------------------------------------------------------------------------------
// resolve
// ---------------------------------------------------------------------------------------------

/** One unique (id, revision) to assess, with every reference that names it. */
export interface ModelTarget {
  id: string;
  revision: string | null;
  repoType: RepoType;
  references: ModelReference[];
}

// ---------------------------------------------------------------------------------------------
// assess: hub facts (src/hub)
// ---------------------------------------------------------------------------------------------

export interface HubFile {
  path: string;
  size: number;
  /** LFS sha256 when the file is stored in LFS. */
  sha256?: string;
  /** Git blob id. */
  oid?: string;
  /** The hub's own scanner verdict for this file, when it gave one. */
  security?: HubSecurityVerdict;
}

export interface HubSecurityVerdict {
  status: 'safe' | 'unsafe' | 'caution' | 'unscanned' | 'error' | string;
  /** The scanner's own words, per scanner (e.g. picklescan, protectai, jfrog). */
  details: { scanner: string; status: string; message?: string }[];
}

export interface AuthorFacts {
  name: string;
  type: 'user' | 'org';
  verified: boolean;
  createdAt?: string;
  exists: boolean;
}

export type HubStatus =
  | 'ok'
  | 'not-found'
  | 'revision-not-found'
  | 'gated' // gated and the token (if any) has no access
  | 'private' // private and no access
  | 'disabled'
  | 'error'; // unreachable or erroring after retries

export interface ModelFacts {
  id: string; // as asked
  resolvedId: string; // after the hub's redirects (renames, legacy ids)
  revision: string | null; // as asked
  status: HubStatus;
  /** Error detail when status is 'error' (or any non-ok status). */
  error?: string;
  sha?: string; // the commit the revision resolves to
  author?: string;
  createdAt?: string;
  lastModified?: string;
  downloads?: number;
  likes?: number;
  gated?: false | 'auto' | 'manual';
  private?: boolean;
  disabled?: boolean;
  tags?: string[];
  libraryName?: string;
  pipelineTag?: string;
  baseModel?: string[];
  license?: string;
  /** config.json auto_map (class name -> "module.Class" or "org/repo--module.Class"). */
  autoMap?: Record<string, string | string[]>;
  transformersInfo?: Record<string, unknown>;
  safetensorsTotal?: number;
  files?: HubFile[];
  authorInfo?: AuthorFacts;
}

// ---------------------------------------------------------------------------------------------
// assess: artifacts (src/artifacts)
// ---------------------------------------------------------------------------------------------

/** Random access to the bytes of one file, local or remote. Every scanner reads through it. */
export interface ByteSource {
  readonly name: string;
  /** Total size in bytes. */
  size(): Promise<number>;
  /** Read `length` bytes at `offset` (short only at end of file). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Bytes actually transferred or read from disk so far. */
  bytesRead(): number;
}

export type ArtifactFormat =
  | 'pickle'
  | 'pytorch-zip'
  | 'pytorch-legacy'
  | 'pytorch-tar'
  | 'torchscript'
  | 'numpy'
  | 'numpy-npz'
  | 'joblib'
  | 'safetensors'
  | 'gguf'
  | 'onnx'
  | 'keras'
  | 'keras-h5'
  /** TensorFlow SavedModel or frozen GraphDef (issue 4, artifacts) */
  | 'tf-savedmodel'
  | 'zip'
  | 'tar'
  | 'gzip'
  | 'bz2'
  | 'xz'
  | '7z'
  | 'json'
  | 'python'
  | 'text'
  | 'unknown';

export type GlobalClass = 'allowed' | 'dangerous' | 'unknown';

export interface PickleGlobal {
  module: string;
  name: string;
  classification: GlobalClass;
  /** True when the global was called (REDUCE/NEWOBJ/INST/OBJ/BUILD with __setstate__ ...). */
  called: boolean;
  /** Why it is dangerous (e.g. "runs a shell command"). */
  reason?: string;
  /** Member inside a container where it was found (zip member path, tar entry ...). */
  member?: string;
}

export interface ArtifactReport {
  path: string; // path in the model repo, or the local path
  format: ArtifactFormat;
  /** Format implied by the file name, when it disagrees with the content. */
  claimedFormat?: ArtifactFormat;
  bytesRead: number;
  size: number;
  globals: PickleGlobal[];
  findings: FindingDraft[];
  /** Nested members scanned (zip/tar entries), for the inspect report. */
  members?: ArtifactReport[];
  durationMs: number;
}

export interface ScanLimits {
  /** Bytes read per file (compressed, from the source). */
  maxBytesPerFile: number;
  /** Bytes produced by decompression per file. */
  maxDecompressedBytes: number;
  maxPickleOps: number;
  maxStackDepth: number;
  maxMemoEntries: number;
  /** Wall-clock budget per file, milliseconds. */
  timeoutMsPerFile: number;
  /** Wall-clock budget per model (all its files), milliseconds. */
  timeoutMsPerModel: number;
  /** Nesting depth for archives inside archives. */
  maxNesting: number;
}

// ---------------------------------------------------------------------------------------------
// findings, judge, report
// ---------------------------------------------------------------------------------------------

/**
 * What a check produces: the rule and the facts. The judge adds severity (from the rule
 * catalogue unless the check had evidence for another), stage, blocking and exceptions.
 */
export interface FindingDraft {
  rule: string;
  message: string;
  /** Overrides the rule's default severity when the evidence warrants (documented per rule). */
  severity?: Severity;
  model?: string | null;
  file?: string | null;
  line?: number | null;
  column?: number | null;
  artifact?: string | null;
  evidence?: Record<string, unknown>;
  /** The concrete fix, e.g. the pinned line to write. */
  fix?: string;
}

export interface Finding {
  rule: string;
  severity: Severity;
  stage: Stage;
  model: string | null;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  artifact: string | null;
  evidence: Record<string, unknown>;
  fix: string | null;
  blocking: boolean;
  /** PR mode: whether the finding concerns something the change introduces. */
  introduced: boolean;
  /** Set when an exception matched; `expired` exceptions do not suppress. */
  exception?: { reason: string; expires?: string; expired: boolean };
}

export type Verdict = 'pass' | 'fail';

export interface ModelSummary {
  id: string;
  revision: string | null;
  resolvedId: string | null;
  resolvedSha: string | null;
  exists: boolean | null; // null: not asked (offline) or could not tell
  facts: Partial<ModelFacts>;
  findings: number[]; // indexes into Report.findings
  /** Python files that would run when the model loads with remote code (repo@revision:path). */
  codeFiles?: string[];
}

export interface RunStats {
  filesScanned: number;
  bytesRead: number;
  hubRequests: number;
  durationMs: number;
}

export interface Report {
  version: 1;
  tool: { name: 'modelgate'; version: string };
  verdict: Verdict;
  mode: 'full' | 'diff' | 'inspect';
  references: ModelReference[];
  datasets: ModelReference[];
  models: ModelSummary[];
  findings: Finding[];
  artifacts?: ArtifactReport[];
  /** What was not done and why (offline, limits), for the user to read. */
  skipped: string[];
  stats: RunStats;
}

// ---------------------------------------------------------------------------------------------
// policy (src/policy): defaults live in src/policy/schema.ts, nowhere else
// ---------------------------------------------------------------------------------------------

export interface RuleSetting {
  severity?: Severity;
  enabled?: boolean;
}

export interface PolicyException {
  /** Rule id; omitted = any rule. */
  rule?: string;
  /** Model id glob; omitted = any model. */
  model?: string;
  /** Repository path glob; omitted = any path. */
  path?: string;
  reason: string;
  /** YYYY-MM-DD; after this date the exception stops applying and says so. */
  expires?: string;
}

export interface Policy {
  /** Lowest severity that fails the check. */
  failOn: Severity;
  warnOnly: boolean;
  /** In PR mode, fail only on findings about what the change introduces. */
  failOnlyIntroduced: boolean;
  rules: Record<string, RuleSetting>;
  allow: { models: string[]; orgs: string[] };
  deny: { models: string[]; orgs: string[] };
  require: {
    pinnedRevision: boolean;
    safetensorsOnly: boolean;
    noCustomCode: boolean;
    /** Model id globs that may ship custom code. */
    customCodeAllowed: string[];
    minDownloads: number;
    minAgeDays: number;
    verifiedPublisher: boolean;
  };
  typosquat: { sensitivity: 'low' | 'medium' | 'high' };
  exceptions: PolicyException[];
  ignorePaths: string[];
  watch: { orgs: string[]; models: string[]; openIssue: boolean };
  hub: { url: string | null };
  limits: ScanLimits & {
    /** Largest repository file the extractors read. */
    maxSourceFileBytes: number;
    /** Largest model file scanned in full; bigger ones are scanned by header/directory only. */
    maxArtifactsPerModel: number;
  };
}

// ---------------------------------------------------------------------------------------------
// assess context: what a check may use. The hub client is null offline.
// ---------------------------------------------------------------------------------------------

export interface HubModelSearchResult {
  id: string;
  downloads?: number;
  likes?: number;
  createdAt?: string;
}

export interface HubClient {
  readonly endpoint: string;
  /** Facts about one model at one revision; never throws: failures become `status`. */
  modelFacts(id: string, revision: string | null): Promise<ModelFacts>;
  /** Random access to a file in a model repo at a commit, read with HTTP Range requests. */
  openFile(id: string, revision: string, path: string): ByteSource;
  /** A small file as text; null when the file does not exist. Throws on other failures. */
  fetchText(id: string, revision: string, path: string, maxBytes?: number): Promise<string | null>;
  searchModels(query: { search?: string; author?: string; limit?: number; sort?: 'downloads' | 'likes' | 'createdAt' }): Promise<HubModelSearchResult[]>;
  authorFacts(name: string): Promise<AuthorFacts>;
  /** HTTP requests sent so far (cache hits excluded). */
  requestCount(): number;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface AssessContext {
  policy: Policy;
  hub: HubClient | null;
  log: Logger;
  /** Current time, injectable for tests (age checks, exception expiry). */
  now: Date;
}

// ---------------------------------------------------------------------------------------------
// artifact scanners (src/artifacts): every format scanner has this shape
// ---------------------------------------------------------------------------------------------

export interface ArtifactScanContext {
  /** Path of the file (in the model repo, or local), for messages and `artifact`. */
  path: string;
  limits: ScanLimits;
  /** Containers inside containers: 0 for the file itself. */
  depth: number;
  /** Epoch ms after which the scanner stops and reports "could not fully scan". */
  deadline: number;
  /** Scan a member of a container through the format dispatcher (recursion). */
  scanNested(source: ByteSource, path: string): Promise<ArtifactReport>;
}

export interface FormatScanResult {
  format: ArtifactFormat;
  globals?: PickleGlobal[];
  findings: FindingDraft[];
  members?: ArtifactReport[];
}

export type FormatScanner = (source: ByteSource, ctx: ArtifactScanContext) => Promise<FormatScanResult>;

// ---------------------------------------------------------------------------------------------
// run (src/run.ts): what both entries (action, CLI) hand to the pipeline
// ---------------------------------------------------------------------------------------------

export interface RunOptions {
  /** Absolute path of the repository (or folder) to scan. */
  root: string;
  /** Policy file path; undefined = `.github/modelgate.yml` under root when present. */
  policyFile?: string | null;
  /** Keys in the policy file's own spelling (e.g. {"fail-on": "medium"}): action inputs and
   * CLI flags, applied over the file before validation. */
  policyOverrides?: Record<string, unknown>;
  /** PR mode: report what `head` (default: the working tree) introduces over `base`. */
  base?: string | null;
  head?: string | null;
  hubUrl?: string | null;
  /** Sent only to the hub origin; never logged. */
  token?: string | null;
  offline: boolean;
  lockfile?: string | null;
  /** Persistent hub cache file (undefined: none). */
  cacheFile?: string | null;
  log: Logger;
  now?: Date;
}

// ---------------------------------------------------------------------------------------------
// typosquat (src/typosquat, issue 6): the popular index and look-alike candidates
// ---------------------------------------------------------------------------------------------

/** A popular model in the snapshot. Figures only where the snapshot's source gave them. */
export interface PopularModel {
  id: string;
  downloads?: number;
  likes?: number;
  createdAt?: string;
}

/** An organisation or user that publishes popular models. */
export interface PopularOrg {
  name: string;
  verified?: boolean;
  createdAt?: string;
  /** Sum of the downloads of its models in the snapshot, when known. */
  downloads?: number;
}

/** The bundled snapshot file (data/popular-models.json) as stored. */
export interface PopularSnapshot {
  version: 1;
  /** YYYY-MM-DD the snapshot was taken. */
  date: string;
  /** Where the ids and figures come from (hub API, or curated public sources). */
  source: string;
  curated: boolean;
  models: PopularModel[];
  orgs: PopularOrg[];
  /** Brand token -> the organisations that legitimately carry it (`openai` -> openai, openai-community). */
  brands: Record<string, string[]>;
  /** Organisations known to re-publish other people's models under the same name (quantisers, mirrors). */
  republishers: string[];
}

/** The snapshot with its lookup tables, built once per run (src/typosquat/popular-index.ts). */
export interface PopularIndex {
  date: string;
  source: string;
  curated: boolean;
  /** Lower-case id -> model. */
  models: Map<string, PopularModel>;
  /** Lower-case org name -> org. */
  orgs: Map<string, PopularOrg>;
  /** Lower-case owner -> its popular models. */
  modelsByOwner: Map<string, PopularModel[]>;
  /** Brand token -> lower-case org names that own it. */
  brands: Map<string, Set<string>>;
  republishers: Set<string>;
  /** Visual key of an org name -> lower-case org names. */
  orgByVisual: Map<string, string[]>;
  /** One-deletion neighbourhood of org visual keys -> lower-case org names. */
  orgDeletes: Map<string, string[]>;
  /** Org visual key with a name affix (`-ai`, `the-` ...) removed -> lower-case org names. */
  orgByStripped: Map<string, string[]>;
  /** Visual key of a model name (the part after the slash) -> models. */
  nameByVisual: Map<string, PopularModel[]>;
  /** One-deletion neighbourhood of model-name visual keys -> models. */
  nameDeletes: Map<string, PopularModel[]>;
  /** Sorted-token key of a model name -> models (reordered tokens). */
  nameBySorted: Map<string, PopularModel[]>;
  /** Family key of a model name (identifying words only) -> models. */
  nameByFamily: Map<string, PopularModel[]>;
}

/** How a look-alike name was made from the name it imitates. */
export type SquatTechnique =
  | 'separator'
  | 'ascii-lookalike'
  | 'unicode-confusable'
  | 'omission'
  | 'repetition'
  | 'insertion'
  | 'transposition'
  | 'keyboard-adjacent'
  | 'substitution'
  | 'edit-distance'
  | 'reordered-tokens'
  | 'dropped-version'
  | 'org-affix'
  | 'brand-token'
  /** The exact name of a popular model under a new or missing owner (needs hub facts). */
  | 'cloned-name';

/** A popular model or organisation that a referenced id may imitate. */
export interface SquatSuspect {
  /** The id the user probably meant (`org/name`), or the organisation when no model fits. */
  intended: string;
  intendedKind: 'model' | 'org';
  /** Which part of the referenced id imitates it. */
  part: 'org' | 'name' | 'id';
  techniques: SquatTechnique[];
  /** Human-readable account of the difference, e.g. `"I" written for "l"`. */
  detail: string;
  /** Edit distance between the folded names (0 for pure look-alikes). */
  distance: number;
  popular?: PopularModel;
  /** strong: an imitation on its own (look-alike org); weak: plausible, needs hub evidence. */
  strength: 'strong' | 'weak';
}

// ---------------------------------------------------------------------------------------------
// remote code (src/code, issue 5): the Python files transformers would run for a model
// ---------------------------------------------------------------------------------------------

/** One Python file that `trust_remote_code=True` would import. */
export interface RemoteCodeFile {
  /** Repository the file is fetched from (the model, or another repo for `org/repo--module.Class`). */
  repo: string;
  /** Revision it is fetched at (the model's revision, code_revision, or the other repo's default branch). */
  revision: string;
  path: string;
  /** Why it runs, e.g. `config.json auto_map.AutoModelForCausalLM -> modeling_x.XForCausalLM`, `imported by modeling_x.py`. */
  why: string[];
  /** Classes transformers instantiates from this file (their `__init__` runs at load). */
  classes: string[];
  /** Names other planned files import from this one (`from .helpers import setup`). */
  importedNames?: string[];
  /** `entry`: named by a config; `module`: reached through relative imports. */
  role: 'entry' | 'module';
  /** File text; null when it could not be fetched (a finding says why). */
  text: string | null;
}

export interface RemoteCodePlan {
  id: string;
  revision: string;
  /** The code_revision the references pass, when any. */
  codeRevision: string | null;
  files: RemoteCodeFile[];
  /** Missing files, other repositories, fetch failures (MG581-MG583). */
  findings: FindingDraft[];
}
