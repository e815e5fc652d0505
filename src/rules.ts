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
  /** The finding means an assessment could not be completed (fail closed): when such findings
   * are all that fails the check, the CLI exits 3 instead of 1. */
  incomplete?: boolean;
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
  {
    id: 'MG007',
    name: 'assessment-error',
    title: 'A check failed unexpectedly',
    stage: 'loading',
    severity: 'high',
    incomplete: true,
    description:
      'A check stopped with an unexpected error, so the model was not fully assessed; modelgate fails closed rather than report it clean.',
  },
  // --- MG020-MG029: could not assess (issue 3) -------------------------------------------------
  {
    id: 'MG020',
    name: 'hub-assessment-failed',
    title: 'The model could not be assessed on the hub',
    stage: 'publication',
    severity: 'high',
    incomplete: true,
    description:
      'The hub did not answer, or kept answering with errors after retries, so nothing is known about this model; modelgate fails closed instead of passing it.',
  },
  {
    id: 'MG021',
    name: 'publisher-unverifiable',
    title: "The model's publisher could not be checked",
    stage: 'publication',
    severity: 'high',
    incomplete: true,
    description:
      "The policy requires a verified publisher, but the hub's overview of the author could not be read, so the requirement could not be checked.",
  },

  // --- MG030-MG039: reserved ----------------------------------------------------------------------

  // --- MG1xx: training ----------------------------------------------------------------------------

  // --- MG2xx: publication. MG202-MG219 hub facts (issue 3); MG220-MG239 typosquat (issue 6) ---
  {
    id: 'MG202',
    name: 'model-not-found',
    title: 'The referenced model does not exist on the hub',
    stage: 'publication',
    severity: 'high',
    description:
      'The hub has no model under this id (or it is private and the token has no access): a typo, a deleted model, or a name someone else can register and fill with their own weights.',
  },
  {
    id: 'MG203',
    name: 'gated-model-no-access',
    title: 'The model is gated and the token has no access',
    stage: 'publication',
    severity: 'medium',
    description:
      "The model's files are behind an access request, and the scan ran without a token that was granted access, so its files could not be assessed.",
  },
  {
    id: 'MG204',
    name: 'private-model-no-access',
    title: 'The model is private and the token has no access',
    stage: 'publication',
    severity: 'medium',
    description:
      'The model is private and could not be read with the token given, so its files could not be assessed.',
  },
  {
    id: 'MG205',
    name: 'disabled-model',
    title: 'The hub has disabled the model',
    stage: 'publication',
    severity: 'high',
    description:
      'The hub disabled access to this repository, typically after a policy or security problem was found in it.',
  },
  {
    id: 'MG206',
    name: 'young-model',
    title: "The model is younger than the policy's minimum age",
    stage: 'publication',
    severity: 'low',
    description:
      'Recently created models have had little scrutiny; impersonation and malicious uploads are usually young.',
  },
  {
    id: 'MG207',
    name: 'little-used-model',
    title: "The model has fewer downloads than the policy's minimum",
    stage: 'publication',
    severity: 'low',
    description:
      'A model few people use has had little scrutiny, and a near-name of a popular model with few downloads is a common impersonation pattern.',
  },
  {
    id: 'MG208',
    name: 'unverified-publisher',
    title: "The model's publisher is not a verified organisation",
    stage: 'publication',
    severity: 'medium',
    description:
      "The policy requires models from verified organisations, and this model's author is a user or an unverified organisation.",
  },
  {
    id: 'MG209',
    name: 'model-id-redirected',
    title: 'The model id redirects to another repository',
    stage: 'publication',
    severity: 'medium',
    description:
      'The reference uses an old name that the hub redirects (a renamed repository or a legacy un-namespaced id); if the old name is ever registered again, the reference silently loads that repository instead.',
  },

  // MG220-MG239: typosquatting, impersonation, namespace takeover (issue 6, src/typosquat)
  {
    id: 'MG220',
    name: 'model-name-typosquat',
    title: 'The model name imitates a popular model',
    stage: 'publication',
    severity: 'high',
    description:
      'The model name is a near-miss of a popular model published by someone else: a character left out, doubled, swapped or replaced by a neighbouring key, its words reordered, or its version or size dropped. A one-keystroke mistake loads a stranger\'s model.',
  },
  {
    id: 'MG221',
    name: 'lookalike-characters',
    title: 'The id uses look-alike characters of a popular model or organisation',
    stage: 'publication',
    severity: 'high',
    description:
      'The owner or name differs from a popular one only by characters that look the same (l/I/1, O/0, rn/m, vv/w, or Unicode confusables per UTS #39), which is how impersonators get past a reader.',
  },
  {
    id: 'MG222',
    name: 'org-typosquat',
    title: 'The owner imitates a popular organisation',
    stage: 'publication',
    severity: 'high',
    description:
      'The organisation or user is a near-miss of a popular publisher (a typo, or different separators), so the model is published by someone other than the organisation it appears to come from.',
  },
  {
    id: 'MG223',
    name: 'org-affix-squat',
    title: 'The owner is a popular organisation with an official-sounding word added or removed',
    stage: 'publication',
    severity: 'high',
    description:
      'The organisation is a popular publisher\'s name with a word such as -official, -ai, -hf, -team, -labs, -models or the- added (or removed), a common way to pass as the real publisher.',
  },
  {
    id: 'MG224',
    name: 'brand-impersonation',
    title: 'The owner carries a brand it does not belong to',
    stage: 'publication',
    severity: 'medium',
    description:
      'The organisation name is made of a well-known brand (openai, meta, google, nvidia ...) and filler words, but is not one of the organisations that brand publishes under.',
  },
  {
    id: 'MG225',
    name: 'unregistered-lookalike',
    title: 'The referenced look-alike of a popular model does not exist yet',
    stage: 'publication',
    severity: 'high',
    description:
      'The reference is a near-name of a popular model and no such repository exists on the hub: anyone can register it and serve their own weights to this code. A squat waiting to happen.',
  },
  {
    id: 'MG226',
    name: 'namespace-reuse',
    title: 'The owner was created after the model it serves',
    stage: 'publication',
    severity: 'critical',
    description:
      'The organisation or user that now owns the referenced name was created after the model was (per the hub, the popular index or the lockfile): the original owner was deleted or renamed and someone registered the name again.',
  },
  {
    id: 'MG227',
    name: 'owner-changed',
    title: 'The model id now redirects to a different, unknown owner',
    stage: 'publication',
    severity: 'medium',
    description:
      'The hub redirects the referenced id to a repository under another owner that is not a known publisher, so the name now serves someone else\'s repository.',
  },
  {
    id: 'MG228',
    name: 'watched-lookalike',
    title: 'A look-alike of a watched organisation or model exists on the hub',
    stage: 'publication',
    severity: 'high',
    description:
      'Scheduled monitoring found a repository or organisation whose name imitates one of the organisations or models the policy watches.',
  },
  {
    id: 'MG229',
    name: 'typosquat-check-incomplete',
    title: 'The look-alike search on the hub could not complete',
    stage: 'publication',
    severity: 'low',
    incomplete: true,
    description:
      'The hub search for popular models near a referenced id, or the watch-list search, failed; only the bundled popular index was compared, so squats of models outside it may be missed.',
  },

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
  {
    id: 'MG310',
    name: 'lockfile-drift',
    title: 'The model resolves to another commit than the lockfile recorded',
    stage: 'hosting',
    severity: 'medium',
    description:
      'The reference is not pinned and the branch it follows moved since `modelgate lock` recorded it: what loads now is not what was reviewed.',
  },
  {
    id: 'MG311',
    name: 'not-in-lockfile',
    title: 'The model is missing from the lockfile',
    stage: 'hosting',
    severity: 'low',
    description: 'The repository has a lockfile but this model is not in it, so no reviewed commit or file hashes are recorded for it.',
  },
  {
    id: 'MG302',
    name: 'revision-not-found',
    title: 'The referenced revision does not exist in the model repository',
    stage: 'hosting',
    severity: 'high',
    description:
      'The branch, tag or commit named by the reference is not in the repository: loading fails today, and a branch or tag with that name created later would be loaded without review.',
  },

  // --- MG4xx: download ---------------------------------------------------------------------------

  {
    id: 'MG401',
    name: 'hash-mismatch',
    title: 'A model file has different bytes than the lockfile recorded at the same commit',
    stage: 'download',
    severity: 'critical',
    description:
      'At the commit the lockfile recorded, the hub now reports a different hash for a file: a commit is immutable, so this means tampering, history rewriting or a compromised mirror.',
  },

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
  {
    id: 'MG510',
    name: 'torch-load-without-weights-only',
    title: 'torch.load without weights_only=True',
    stage: 'loading',
    severity: 'medium',
    description:
      'torch.load unpickles the file; before PyTorch 2.6 it runs any code the checkpoint carries unless weights_only=True is passed (2.6 and later default to True).',
  },
  {
    id: 'MG511',
    name: 'torch-load-weights-only-false',
    title: 'torch.load with weights_only=False',
    stage: 'loading',
    severity: 'high',
    description: 'weights_only=False turns off the restricted unpickler, so loading the checkpoint runs whatever code it carries, on every PyTorch version.',
  },
  {
    id: 'MG512',
    name: 'pickle-load',
    title: 'pickle-based deserialisation (pickle, dill, cloudpickle, pandas.read_pickle)',
    stage: 'loading',
    severity: 'high',
    description: 'Unpickling runs whatever callables the data names; a file from anyone else can run arbitrary code.',
  },
  {
    id: 'MG513',
    name: 'joblib-load',
    title: 'joblib.load',
    stage: 'loading',
    severity: 'high',
    description: 'joblib.load is pickle underneath: loading an untrusted file runs arbitrary code.',
  },
  {
    id: 'MG514',
    name: 'numpy-allow-pickle',
    title: 'numpy.load with allow_pickle=True',
    stage: 'loading',
    severity: 'high',
    description: 'allow_pickle=True lets numpy.load unpickle object arrays, which runs arbitrary code from the file.',
  },
  {
    id: 'MG515',
    name: 'keras-unsafe-deserialization',
    title: 'Keras loading with safe_mode=False or unsafe deserialisation enabled',
    stage: 'loading',
    severity: 'high',
    description: 'safe_mode=False (or keras.config.enable_unsafe_deserialization()) lets a .keras file run the Python bytecode of its Lambda layers.',
  },
  {
    id: 'MG516',
    name: 'safetensors-disabled',
    title: 'use_safetensors=False',
    stage: 'loading',
    severity: 'medium',
    description: 'use_safetensors=False makes the loader pick the pickle-based weights even when safe safetensors weights exist.',
  },
  {
    id: 'MG517',
    name: 'from-tf-conversion',
    title: 'from_pretrained(..., from_tf=True)',
    stage: 'loading',
    severity: 'medium',
    description: 'from_tf=True loads TensorFlow/Keras weights (HDF5 or checkpoints) instead of safetensors, which the safetensors guarantees do not cover.',
  },
  // MG520-MG539: weights formats and custom code from hub facts (issue 3)
  {
    id: 'MG520',
    name: 'pickle-only-weights',
    title: "The model's weights exist only in pickle-based formats",
    stage: 'loading',
    severity: 'high',
    description:
      'Loading pickle-based files (.bin .pt .pth .ckpt .pkl .joblib ...) can run arbitrary code, and the repository offers no safetensors, GGUF or ONNX alternative.',
  },
  {
    id: 'MG521',
    name: 'pickle-beside-safetensors',
    title: 'Pickle-based weight files sit beside safe formats',
    stage: 'loading',
    severity: 'low',
    description:
      'The repository has safetensors (or another safe format) and also pickle-based files; a loader that falls back to, or is pointed at, the pickle files can run code.',
  },
  {
    id: 'MG522',
    name: 'custom-code-present',
    title: 'The model repository ships custom Python code',
    stage: 'loading',
    severity: 'medium',
    description:
      "config.json auto_map entries or .py files mean loading with trust_remote_code=True runs the repository's own code.",
  },
  {
    id: 'MG523',
    name: 'cross-repo-custom-code',
    title: "The model's custom code is taken from another repository",
    stage: 'loading',
    severity: 'high',
    description:
      "An auto_map entry of the form org/repo--module.Class loads code from another repository at its default branch: pinning this model's revision does not pin that code.",
  },
  // MG540-MG559: pickle, PyTorch, NumPy, joblib, compression (issue 4)
  {
    id: 'MG540',
    name: 'pickle-dangerous-call',
    title: 'A pickle calls a dangerous function on load',
    stage: 'loading',
    severity: 'critical',
    description:
      'Loading the file calls a function that runs code, starts processes, touches files or the network, or resolves names to callables: evidence of an attack.',
  },
  {
    id: 'MG541',
    name: 'pickle-dangerous-import',
    title: 'A pickle imports a dangerous function or module',
    stage: 'loading',
    severity: 'high',
    description:
      'The pickle stream imports a global that can run code, touch files or the network; loading resolves it even where the stream does not visibly call it.',
  },
  {
    id: 'MG542',
    name: 'pickle-unknown-global',
    title: 'A pickle needs a global outside the allowlist',
    stage: 'loading',
    severity: 'medium',
    description:
      'Loading needs a class or function that is not a plain value type; what it does on load cannot be vouched for (high when called, low for classes of well-known ML libraries).',
  },
  {
    id: 'MG543',
    name: 'pickle-malformed',
    title: 'A pickle stream breaks or ends early',
    stage: 'loading',
    severity: 'medium',
    description:
      'The stream is damaged or truncated; a loader runs every opcode before the break, so what came before is reported and the file is not clean (low when nothing but allowed values came before).',
  },
  {
    id: 'MG544',
    name: 'artifact-incomplete-scan',
    title: 'A model file could not be fully scanned',
    stage: 'loading',
    severity: 'medium',
    incomplete: true,
    description:
      'A budget (bytes, decompressed bytes, opcodes, stack, memo, time, nesting, files per model) was crossed or a part could not be read; what was not scanned may run code when loaded.',
  },
  {
    id: 'MG545',
    name: 'torchscript-code',
    title: 'A TorchScript archive carries code',
    stage: 'loading',
    severity: 'high',
    description:
      'torch.jit.load compiles and runs the code stored in the archive.',
  },
  {
    id: 'MG546',
    name: 'numpy-object-array',
    title: 'A NumPy file stores an object array as a pickle',
    stage: 'loading',
    severity: 'medium',
    description:
      'Object arrays are pickles; numpy.load(allow_pickle=True) runs them.',
  },
  {
    id: 'MG547',
    name: 'archive-path-traversal',
    title: 'An archive member escapes the extraction folder',
    stage: 'loading',
    severity: 'high',
    description:
      'A member name is absolute or climbs out with "..", so extracting the archive writes outside its folder.',
  },
  {
    id: 'MG548',
    name: 'archive-link',
    title: 'An archive member is a link',
    stage: 'loading',
    severity: 'medium',
    description:
      'Links inside archives can point outside the extraction folder (high when they do or the target is unknown).',
  },
  {
    id: 'MG549',
    name: 'archive-duplicate-name',
    title: 'An archive holds the same name twice',
    stage: 'loading',
    severity: 'medium',
    description:
      'Readers disagree on which copy they load, so a reviewer and a loader can see different content.',
  },
  {
    id: 'MG550',
    name: 'archive-bomb',
    title: 'An archive or compressed stream expands enormously',
    stage: 'loading',
    severity: 'high',
    description:
      'A decompression bomb: a small file that expands to exhaust memory or disk when opened.',
  },
  {
    id: 'MG551',
    name: 'zip-header-mismatch',
    title: 'Zip headers disagree',
    stage: 'loading',
    severity: 'medium',
    description:
      'The local header of a zip member disagrees with the central directory (or the end record with the directory), so different zip readers see different archives.',
  },
  {
    id: 'MG552',
    name: 'zip-encrypted-member',
    title: 'A zip member carries the encryption flag',
    stage: 'loading',
    severity: 'low',
    description:
      'PyTorch ignores the flag and reads the bytes as they are; a member that is really encrypted cannot be scanned.',
  },
  {
    id: 'MG553',
    name: 'format-name-mismatch',
    title: 'A file name claims another format than its content',
    stage: 'loading',
    severity: 'low',
    description:
      'The extension disagrees with the bytes; tools that trust the name treat the file differently (medium when a pickle hides behind a non-pickle name).',
  },
  {
    id: 'MG554',
    name: 'unknown-artifact-format',
    title: 'A model file has an unrecognised format',
    stage: 'loading',
    severity: 'info',
    description:
      'The content matches no format the scanner knows, so it was not scanned.',
  },
  // MG560-MG579: safetensors, GGUF, ONNX, Keras, archives, format mismatch (issue 4)
  // MG560-MG574: safetensors, GGUF, chat templates, JSON configs, ONNX, Keras (issue 4, formats)
  {
    id: 'MG560',
    name: 'safetensors-invalid-header',
    title: 'A safetensors header could not be parsed',
    stage: 'loading',
    severity: 'medium',
    description:
      'The 8-byte length or the JSON header of a safetensors file is out of bounds or not valid, so its tensors could not be verified; the official loader refuses such files but lenient readers may not.',
  },
  {
    id: 'MG561',
    name: 'safetensors-layout-anomaly',
    title: 'A safetensors header describes an inconsistent layout',
    stage: 'loading',
    severity: 'medium',
    description:
      'Tensor byte ranges overlap, leave gaps or uncovered bytes, disagree with shape and dtype, or the header has duplicate keys: a parser-differential trick or hidden bytes that no regular writer produces.',
  },
  {
    id: 'MG562',
    name: 'gguf-invalid-header',
    title: 'A GGUF header could not be parsed',
    stage: 'loading',
    severity: 'medium',
    description:
      'The GGUF header (magic, version, counts, metadata, tensor infos) is malformed or beyond the scan limits, or its tensor table is inconsistent (64-bit element overflows, overlaps, unknown types), so the file could not be verified.',
  },
  {
    id: 'MG563',
    name: 'chat-template-injection',
    title: 'A chat template reaches Python internals',
    stage: 'loading',
    severity: 'critical',
    description:
      'The Jinja chat template accesses dunder attributes, globals, builtins or process and import functions: the sandbox-escape pattern that runs code when the template is rendered.',
  },
  {
    id: 'MG564',
    name: 'chat-template-suspicious',
    title: 'A chat template uses constructs that chat templates do not need',
    stage: 'loading',
    severity: 'medium',
    description:
      'The chat template uses escape gadgets (cycler, joiner, lipsum, self), the attr filter or attribute names built at render time; normal chat templates never do.',
  },
  {
    id: 'MG565',
    name: 'chat-template-unparseable',
    title: 'A chat template could not be parsed',
    stage: 'loading',
    severity: 'medium',
    description:
      'The chat template could not be parsed statically, so it could not be checked for sandbox escapes.',
  },
  {
    id: 'MG566',
    name: 'json-config-invalid',
    title: 'A model JSON config could not be parsed',
    stage: 'loading',
    severity: 'medium',
    description:
      'A JSON configuration file of the model (tokenizer_config.json, config.json) is not valid JSON or has an unexpected shape, so what it configures could not be verified.',
  },
  {
    id: 'MG567',
    name: 'onnx-external-data-escape',
    title: 'ONNX external data points outside the model folder',
    stage: 'loading',
    severity: 'critical',
    description:
      'A tensor stores its data in an external file whose location is absolute or climbs out of the model folder, so loading the model reads an arbitrary file of the host into the weights.',
  },
  {
    id: 'MG568',
    name: 'onnx-custom-op-domain',
    title: 'An ONNX model uses custom operator domains',
    stage: 'loading',
    severity: 'medium',
    description:
      'Nodes use operator domains outside the ONNX standard and ONNX Runtime built-ins; running the model needs a custom operator library, which is native code.',
  },
  {
    id: 'MG569',
    name: 'onnx-malformed',
    title: 'An ONNX model could not be parsed',
    stage: 'loading',
    severity: 'medium',
    description: 'The protobuf structure of the ONNX model is malformed or beyond the scan limits, so it could not be verified.',
  },
  {
    id: 'MG570',
    name: 'keras-lambda-layer',
    title: 'A Keras model contains a Lambda layer with Python bytecode',
    stage: 'loading',
    severity: 'high',
    description:
      'A Lambda layer stores a marshalled Python function that runs when the model is loaded with safe mode off or called; bytecode naming process, file or import functions is an attack.',
  },
  {
    id: 'MG571',
    name: 'keras-untrusted-module',
    title: 'A Keras config imports objects from outside Keras',
    stage: 'loading',
    severity: 'high',
    description:
      'A layer or object in the Keras config names a module outside keras, keras_hub, keras_nlp, keras_cv and TensorFlow; deserialising it imports and runs that module.',
  },
  {
    id: 'MG572',
    name: 'keras-unsafe-function',
    title: 'A Keras config calls a function that disables safe mode or fetches or writes files',
    stage: 'loading',
    severity: 'critical',
    description:
      'The config references functions such as keras.config.enable_unsafe_deserialization, keras.utils.get_file or TensorFlow file and py_function ops, which turn loading into code execution or file and network access.',
  },
  {
    id: 'MG573',
    name: 'keras-unverifiable',
    title: 'A Keras model config could not be read',
    stage: 'loading',
    severity: 'medium',
    incomplete: true,
    description:
      'The .keras archive or the HDF5 file could not be opened, or its model config is missing or not valid JSON, so its layers could not be verified.',
  },
  {
    id: 'MG574',
    name: 'onnx-model-summary',
    title: 'ONNX model structure: IR version, opsets, external data',
    stage: 'loading',
    severity: 'info',
    description:
      'Context for an ONNX model: its IR version, operator sets, node count and the external data files it loads, for review and for scanning those files too.',
  },
  {
    id: 'MG575',
    name: 'tf-graph-risky-ops',
    title: 'A TensorFlow graph reads or writes host files or calls Python',
    stage: 'loading',
    severity: 'high',
    description:
      'The SavedModel or frozen graph contains ops such as ReadFile, WriteFile, MatchingFiles or PyFunc: running the model touches the file system of the host or calls Python code the loading program registered.',
  },
  // MG580-MG599: remote code analysis (issue 5)
  {
    id: 'MG580',
    name: 'remote-code-files',
    title: 'Python files that would run with trust_remote_code',
    stage: 'loading',
    severity: 'info',
    description: 'Lists the files transformers would import from the model repository (auto_map entries and their relative imports) when remote code is allowed.',
  },
  {
    id: 'MG581',
    name: 'remote-code-file-missing',
    title: 'A custom-code file named by the model configuration is missing',
    stage: 'loading',
    severity: 'medium',
    description: 'auto_map or a relative import names a Python file the repository does not have; what would run cannot be verified.',
  },
  {
    id: 'MG582',
    name: 'remote-code-other-repo',
    title: 'Custom code comes from another repository',
    stage: 'loading',
    severity: 'medium',
    description: 'An auto_map entry of the form org/repo--module.Class runs code from a different repository, at its default branch unless code_revision is set: pinning the model revision does not pin that code.',
  },
  {
    id: 'MG583',
    name: 'code-not-analysed',
    title: 'Custom code could not be fully analysed',
    stage: 'loading',
    severity: 'medium',
    incomplete: true,
    description: 'A custom-code file could not be fetched, parsed or fully resolved, so it may do more than the findings show.',
  },
  {
    id: 'MG584',
    name: 'code-process-execution',
    title: 'Custom code starts processes or shell commands',
    stage: 'loading',
    severity: 'high',
    description: 'The model repository\'s Python runs shell commands or starts processes (os.system, subprocess, ...); critical when it happens on import or instantiation.',
  },
  {
    id: 'MG585',
    name: 'code-dynamic-execution',
    title: 'Custom code executes dynamically built code',
    stage: 'loading',
    severity: 'medium',
    description: 'exec, eval, compile, marshal, code objects or computed imports run code that is not visible as source.',
  },
  {
    id: 'MG586',
    name: 'code-network-access',
    title: 'Custom code uses the network',
    stage: 'loading',
    severity: 'medium',
    description: 'The model repository\'s Python opens sockets, resolves names or makes HTTP requests; critical when it happens on load.',
  },
  {
    id: 'MG587',
    name: 'code-file-write',
    title: 'Custom code writes or deletes files',
    stage: 'loading',
    severity: 'low',
    description: 'The model repository\'s Python writes, moves or deletes files; higher when the path is outside the model cache or it happens on load.',
  },
  {
    id: 'MG588',
    name: 'code-credential-read',
    title: 'Custom code reads credentials',
    stage: 'loading',
    severity: 'medium',
    description: 'The model repository\'s Python reads tokens or keys: secret environment variables, the Hugging Face token, SSH or cloud credentials.',
  },
  {
    id: 'MG589',
    name: 'code-persistence',
    title: 'Custom code touches persistence locations',
    stage: 'loading',
    severity: 'high',
    description: 'The model repository\'s Python refers to shell start-up files, cron, services or Python start-up hooks: places where code survives the process.',
  },
  {
    id: 'MG590',
    name: 'code-package-install',
    title: 'Custom code installs packages',
    stage: 'loading',
    severity: 'high',
    description: 'The model repository\'s Python runs pip (or another installer), pulling more unreviewed code into the environment.',
  },
  {
    id: 'MG591',
    name: 'code-native-library',
    title: 'Custom code loads native code',
    stage: 'loading',
    severity: 'medium',
    description: 'The model repository\'s Python loads native libraries (ctypes, cffi, torch extensions), which no source review covers.',
  },
  {
    id: 'MG592',
    name: 'code-credential-exfiltration',
    title: 'Custom code reads credentials and uses the network',
    stage: 'loading',
    severity: 'critical',
    description: 'The same code reads secrets and talks to the network: the pattern of token and key theft.',
  },
  {
    id: 'MG593',
    name: 'code-payload-execution',
    title: 'Custom code decodes or downloads a payload and runs it',
    stage: 'loading',
    severity: 'critical',
    description: 'Data hidden by encoding (base64, zlib, rot13, hex ...) or fetched from the network is executed: the pattern of a dropper.',
  },
  {
    id: 'MG594',
    name: 'code-encoding-declaration',
    title: 'Custom code declares a non-UTF-8 source encoding',
    stage: 'loading',
    severity: 'high',
    description: 'A # coding: declaration makes Python decode the file through another codec before parsing, which can hide code from reviewers.',
  },
  {
    id: 'MG595',
    name: 'code-hidden-characters',
    title: 'Custom code contains bidirectional or invisible characters',
    stage: 'loading',
    severity: 'medium',
    description: 'Bidi controls and invisible characters make code read differently from how Python runs it (Trojan Source).',
  },
  {
    id: 'MG596',
    name: 'code-confusable-identifier',
    title: 'Custom code uses identifiers that normalise to another name',
    stage: 'loading',
    severity: 'medium',
    description: 'Python NFKC-normalises identifiers, so a name written in look-alike characters (fullwidth exec) is the plain name to Python but not to a reviewer or a text search.',
  },
  {
    id: 'MG597',
    name: 'code-encoded-blob',
    title: 'Custom code holds a long encoded blob',
    stage: 'loading',
    severity: 'low',
    description: 'Long base64 or hex strings in code can hide a payload; the scanner decodes what it can and reports execution separately (MG593).',
  },
  {
    id: 'MG598',
    name: 'code-compiled-file',
    title: 'The model repository ships compiled Python or native libraries',
    stage: 'loading',
    severity: 'medium',
    description: '.pyc files and native libraries (.so, .dll, .dylib, .pyd) cannot be reviewed as source, and custom code can import or load them.',
  },

  // --- MG6xx: inference --------------------------------------------------------------------------
  // MG601-MG609: hub scanner verdicts (issue 3)
  {
    id: 'MG601',
    name: 'hub-scanner-unsafe',
    title: "The hub's own scanners flagged a file as unsafe",
    stage: 'inference',
    severity: 'critical',
    description:
      "The hub's malware or pickle-import scanners reported this file as unsafe, for example a pickle that imports os.system.",
  },
  {
    id: 'MG602',
    name: 'hub-scanner-caution',
    title: "The hub's own scanners flagged a file as suspicious",
    stage: 'inference',
    severity: 'medium',
    description:
      "The hub's scanners marked this file for caution (suspicious imports or content), without an outright unsafe verdict.",
  },
  {
    id: 'MG603',
    name: 'hub-scanner-unscanned',
    title: 'The hub has not scanned a pickle-based file',
    stage: 'inference',
    severity: 'info',
    description:
      "The hub reported no completed scan for this pickle-based file, so its own verdict is unavailable; modelgate's own scan is all there is.",
  },
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
