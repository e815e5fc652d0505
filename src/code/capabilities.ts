// What a Python name can do: the table the custom-code scanner matches resolved names against,
// and the string patterns that mark credentials, persistence and shell payloads.
import { canonicalName } from './python-values.js';

export type Capability = 'process' | 'dynamic' | 'network' | 'write' | 'credential' | 'persistence' | 'install' | 'native';

export interface CapabilityMatch {
  capability: Capability;
  /** Human words for the message: "runs a shell command". */
  what: string;
  /** Runs code without any further step (marshal, code objects, pickle): weighs as critical. */
  strong?: boolean;
}

/** Exact names (canonical spelling, see canonicalName). */
const EXACT: Record<string, CapabilityMatch> = {
  'os.system': { capability: 'process', what: 'runs a shell command' },
  'os.popen': { capability: 'process', what: 'runs a shell command' },
  'os.fork': { capability: 'process', what: 'forks the process' },
  'os.forkpty': { capability: 'process', what: 'forks the process' },
  'pty.spawn': { capability: 'process', what: 'spawns a process on a terminal' },
  'platform.popen': { capability: 'process', what: 'runs a shell command' },
  'asyncio.create_subprocess_exec': { capability: 'process', what: 'starts a process' },
  'asyncio.create_subprocess_shell': { capability: 'process', what: 'runs a shell command' },
  exec: { capability: 'dynamic', what: 'executes a string as Python code' },
  eval: { capability: 'dynamic', what: 'evaluates a string as Python code' },
  compile: { capability: 'dynamic', what: 'compiles a string into a code object' },
  execfile: { capability: 'dynamic', what: 'executes a Python file' },
  'marshal.loads': { capability: 'dynamic', what: 'loads a compiled code object', strong: true },
  'marshal.load': { capability: 'dynamic', what: 'loads a compiled code object', strong: true },
  'types.CodeType': { capability: 'dynamic', what: 'builds a code object from bytecode', strong: true },
  'types.FunctionType': { capability: 'dynamic', what: 'builds a function from a code object', strong: true },
  'pickle.loads': { capability: 'dynamic', what: 'unpickles data (runs whatever the pickle calls)', strong: true },
  'pickle.load': { capability: 'dynamic', what: 'unpickles data (runs whatever the pickle calls)', strong: true },
  'dill.loads': { capability: 'dynamic', what: 'unpickles data (runs whatever the pickle calls)', strong: true },
  'dill.load': { capability: 'dynamic', what: 'unpickles data (runs whatever the pickle calls)', strong: true },
  'cloudpickle.loads': { capability: 'dynamic', what: 'unpickles data (runs whatever the pickle calls)', strong: true },
  'transformers.dynamic_module_utils.get_class_from_dynamic_module': { capability: 'dynamic', what: "imports a class from another repository's custom code" },
  'transformers.dynamic_module_utils.get_cached_module_file': { capability: 'dynamic', what: "fetches another repository's custom code" },
  'torch.hub.load': { capability: 'dynamic', what: 'downloads and runs hubconf.py from a GitHub repository' },
  'runpy.run_path': { capability: 'dynamic', what: 'runs a Python file' },
  'runpy.run_module': { capability: 'dynamic', what: 'runs a Python module' },
  'importlib.util.spec_from_file_location': { capability: 'dynamic', what: 'imports a module from an arbitrary file path' },
  'importlib.machinery.SourceFileLoader': { capability: 'dynamic', what: 'imports a module from an arbitrary file path' },
  'importlib.machinery.ExtensionFileLoader': { capability: 'native', what: 'loads a native extension module' },
  'code.InteractiveInterpreter': { capability: 'dynamic', what: 'runs an embedded interpreter' },
  'code.interact': { capability: 'dynamic', what: 'runs an embedded interpreter' },
  'code.InteractiveInterpreter.runsource': { capability: 'dynamic', what: 'runs Python source through an embedded interpreter' },
  'code.InteractiveInterpreter.runcode': { capability: 'dynamic', what: 'runs Python source through an embedded interpreter' },
  'code.InteractiveConsole.runsource': { capability: 'dynamic', what: 'runs Python source through an embedded interpreter' },
  'code.InteractiveConsole.push': { capability: 'dynamic', what: 'runs Python source through an embedded interpreter' },
  'importlib.util.spec_from_loader': { capability: 'dynamic', what: 'builds a module from a hand-written loader' },
  'huggingface_hub.get_token': { capability: 'credential', what: 'reads the Hugging Face token' },
  'huggingface_hub.HfFolder.get_token': { capability: 'credential', what: 'reads the Hugging Face token' },
  'huggingface_hub.utils.get_token': { capability: 'credential', what: 'reads the Hugging Face token' },
  'keyring.get_password': { capability: 'credential', what: 'reads a password from the keyring' },
  'getpass.getpass': { capability: 'credential', what: 'asks for a password' },
  'os.remove': { capability: 'write', what: 'deletes a file' },
  'os.unlink': { capability: 'write', what: 'deletes a file' },
  'os.rmdir': { capability: 'write', what: 'deletes a directory' },
  'os.removedirs': { capability: 'write', what: 'deletes directories' },
  'os.rename': { capability: 'write', what: 'moves a file' },
  'os.replace': { capability: 'write', what: 'replaces a file' },
  'os.chmod': { capability: 'write', what: 'changes file permissions' },
  'os.chown': { capability: 'write', what: 'changes file ownership' },
  'os.symlink': { capability: 'write', what: 'creates a symbolic link' },
  'os.link': { capability: 'write', what: 'creates a hard link' },
  'os.truncate': { capability: 'write', what: 'truncates a file' },
  'shutil.copy': { capability: 'write', what: 'copies a file' },
  'shutil.copy2': { capability: 'write', what: 'copies a file' },
  'shutil.copyfile': { capability: 'write', what: 'copies a file' },
  'shutil.copytree': { capability: 'write', what: 'copies a directory' },
  'shutil.move': { capability: 'write', what: 'moves a file' },
  'shutil.rmtree': { capability: 'write', what: 'deletes a directory tree' },
  'pip.main': { capability: 'install', what: 'installs Python packages' },
  'pip._internal.main': { capability: 'install', what: 'installs Python packages' },
  'pip._internal.cli.main.main': { capability: 'install', what: 'installs Python packages' },
  'setuptools.command.easy_install.main': { capability: 'install', what: 'installs Python packages' },
  'torch.ops.load_library': { capability: 'native', what: 'loads a native library' },
  'torch.classes.load_library': { capability: 'native', what: 'loads a native library' },
  'torch.utils.cpp_extension.load': { capability: 'native', what: 'compiles and loads native code' },
  'torch.utils.cpp_extension.load_inline': { capability: 'native', what: 'compiles and loads native code' },
  'socket.gethostbyname': { capability: 'network', what: 'resolves a host name (DNS)' },
  'socket.getaddrinfo': { capability: 'network', what: 'resolves a host name (DNS)' },
  'socket.create_connection': { capability: 'network', what: 'opens a network connection' },
  'asyncio.open_connection': { capability: 'network', what: 'opens a network connection' },
  'webbrowser.open': { capability: 'network', what: 'opens a URL' },
};

/** Module prefixes: any call into them has the capability. */
const PREFIXES: [string, CapabilityMatch][] = [
  ['subprocess.', { capability: 'process', what: 'starts a process' }],
  ['os.exec', { capability: 'process', what: 'replaces the process with another program' }],
  ['os.spawn', { capability: 'process', what: 'starts a process' }],
  ['os.posix_spawn', { capability: 'process', what: 'starts a process' }],
  ['commands.', { capability: 'process', what: 'runs a shell command' }],
  ['sh.', { capability: 'process', what: 'runs a shell command' }],
  ['pexpect.', { capability: 'process', what: 'starts a process' }],
  ['socket.', { capability: 'network', what: 'opens a network socket' }],
  ['urllib.request.', { capability: 'network', what: 'makes an HTTP request' }],
  ['urllib.urlopen', { capability: 'network', what: 'makes an HTTP request' }],
  ['urllib.urlretrieve', { capability: 'network', what: 'downloads a file' }],
  ['requests.', { capability: 'network', what: 'makes an HTTP request' }],
  ['httpx.', { capability: 'network', what: 'makes an HTTP request' }],
  ['http.client.', { capability: 'network', what: 'makes an HTTP request' }],
  ['urllib3.', { capability: 'network', what: 'makes an HTTP request' }],
  ['aiohttp.', { capability: 'network', what: 'makes an HTTP request' }],
  ['pycurl.', { capability: 'network', what: 'makes an HTTP request' }],
  ['ftplib.', { capability: 'network', what: 'opens an FTP connection' }],
  ['smtplib.', { capability: 'network', what: 'sends e-mail' }],
  ['telnetlib.', { capability: 'network', what: 'opens a telnet connection' }],
  ['paramiko.', { capability: 'network', what: 'opens an SSH connection' }],
  ['dns.resolver.', { capability: 'network', what: 'resolves DNS names' }],
  ['websocket.', { capability: 'network', what: 'opens a websocket' }],
  ['websockets.', { capability: 'network', what: 'opens a websocket' }],
  ['xmlrpc.client.', { capability: 'network', what: 'makes an RPC request' }],
  ['ctypes.', { capability: 'native', what: 'calls native code through ctypes' }],
  ['cffi.', { capability: 'native', what: 'calls native code through cffi' }],
  ['crontab.', { capability: 'persistence', what: 'edits the crontab' }],
  ['winreg.', { capability: 'persistence', what: 'edits the Windows registry' }],
  ['_winreg.', { capability: 'persistence', what: 'edits the Windows registry' }],
];

/** Harmless members of otherwise flagged modules. */
const HARMLESS = new Set([
  'socket.gethostname', 'socket.getfqdn', 'subprocess.PIPE', 'subprocess.STDOUT', 'subprocess.DEVNULL',
  'subprocess.CalledProcessError', 'subprocess.TimeoutExpired', 'ctypes.sizeof', 'ctypes.c_int', 'ctypes.c_float',
  'ctypes.c_void_p', 'ctypes.c_char_p', 'ctypes.c_size_t', 'ctypes.POINTER', 'ctypes.Structure', 'ctypes.c_uint',
  'requests.exceptions.HTTPError', 'requests.exceptions.RequestException',
]);

const RESULT_METHODS = new Set([
  'raise_for_status', 'json', 'read', 'readline', 'readlines', 'close', 'iter_content', 'iter_lines', 'decode', 'getcode',
  'info', 'geturl', 'wait', 'communicate', 'poll', 'returncode', 'fileno', 'settimeout', 'setsockopt', 'getsockname', 'strip',
]);

/** libc functions that start programs: reached through ctypes or cffi they are process execution. */
const LIBC_PROCESS = new Set(['system', 'popen', 'execv', 'execve', 'execvp', 'execvpe', 'execl', 'execle', 'execlp', 'fork', 'vfork', 'posix_spawn', 'posix_spawnp']);

/** Functions whose result is a file fetched from elsewhere (a hub repository, a URL). Not a
 * capability on their own (modelling code downloads weights all the time), but running what they
 * return is running code from another place. */
const DOWNLOADERS = new Set([
  'huggingface_hub.snapshot_download', 'huggingface_hub.hf_hub_download', 'huggingface_hub.cached_download',
  'huggingface_hub.file_download.hf_hub_download', 'huggingface_hub._snapshot_download.snapshot_download',
  'transformers.utils.cached_file', 'transformers.utils.hub.cached_file', 'torch.hub.download_url_to_file',
  'urllib.request.urlretrieve', 'urllib.urlretrieve', 'wget.download', 'gdown.download',
]);

export function isDownloadName(resolved: string): boolean {
  return DOWNLOADERS.has(canonicalName(resolved).replace(/\(\)/g, ''));
}

/** Matches a resolved call name (possibly with `()` result markers) against the tables. */
export function capabilityOf(resolved: string): CapabilityMatch | null {
  // `socket.socket().connect` -> the module decides; `requests.Session().get` likewise
  const name = canonicalName(resolved);
  const plain = name.replace(/\(\)/g, '');
  if (HARMLESS.has(plain) || /^ctypes\.(c_\w+|POINTER|pointer|byref|sizeof|alignment|addressof|Structure|Union|Array|LittleEndianStructure|BigEndianStructure|util\.find_library)$/.test(plain)) return null;
  // methods of a response or file object (`requests.get(u).json()`) are not new operations
  const after = /\(\)\.(\w+)$/.exec(name);
  if (after && RESULT_METHODS.has(after[1])) return null;
  // a native library's libc entry points: CDLL(None).system(...) runs a shell command
  const last = plain.slice(plain.lastIndexOf('.') + 1);
  if (/^(ctypes|cffi)\./.test(plain) && name.includes('()') && LIBC_PROCESS.has(last)) {
    return { capability: 'process', what: `runs a program through libc ${last}() (native call)` };
  }
  // anything done with a finished process's output (check_output(...).split()) is not a new process
  const firstCall = name.indexOf('()');
  if (firstCall > 0 && name.length > firstCall + 2) {
    const base = name.slice(0, firstCall);
    const baseMatch = EXACT[base] ?? PREFIXES.find(([prefix]) => base.startsWith(prefix))?.[1];
    if (baseMatch?.capability === 'process') return null;
  }
  const exact = EXACT[plain] ?? EXACT[name];
  if (exact) return exact;
  for (const [prefix, match] of PREFIXES) if (plain.startsWith(prefix)) return match;
  return null;
}

export function isKnownCapabilityName(qualified: string): boolean {
  return capabilityOf(qualified) !== null;
}

/** Environment variable names that hold secrets. */
export function isCredentialEnvName(name: string): boolean {
  // by whole words, so TOKENIZERS_PARALLELISM or MAX_TOKENS are not secrets but HF_TOKEN is
  const upper = name.toUpperCase();
  const words = upper.split(/[^A-Z0-9]+/);
  const secretWords = ['TOKEN', 'SECRET', 'PASSWORD', 'PASSWD', 'CREDENTIAL', 'CREDENTIALS', 'APIKEY', 'AUTH', 'COOKIE', 'PAT'];
  if (words.some((w) => secretWords.includes(w))) return true;
  return /API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SECRET_?KEY|SIGNING_?KEY|^AWS_(SECRET|ACCESS|SESSION)|^SSH_AUTH_SOCK$|^(OPENAI|ANTHROPIC|COHERE|WANDB)_/.test(upper);
}

export interface StringSignal {
  capability: 'credential' | 'persistence' | 'install' | 'process';
  what: string;
}

const CREDENTIAL_PATHS: [RegExp, string][] = [
  [/(^|[\\/~])\.ssh([\\/]|$)|id_(rsa|dsa|ecdsa|ed25519)\b/, 'SSH keys'],
  [/\.aws([\\/](credentials|config)|$|[\\/])/, 'AWS credentials'],
  [/huggingface[\\/](token|stored_tokens)|\.huggingface[\\/]token/, 'the Hugging Face token'],
  [/(^|[\\/~])\.netrc\b/, '.netrc credentials'],
  [/\.git-credentials|\.gitconfig\b/, 'git credentials'],
  [/\.docker[\\/]config\.json/, 'Docker registry credentials'],
  [/\.kube[\\/]config/, 'Kubernetes credentials'],
  [/\.config[\\/]gcloud|application_default_credentials\.json/, 'Google Cloud credentials'],
  [/\.azure[\\/]/, 'Azure credentials'],
  [/\/etc\/(shadow|passwd|sudoers)\b/, 'system account files'],
  [/\.gnupg\b/, 'GnuPG keys'],
  [/\.pypirc\b|\.npmrc\b/, 'package registry tokens'],
  [/Login Data|Cookies\.sqlite|cookies\.sqlite|\.mozilla[\\/]firefox|Google[\\/]Chrome/, 'browser credentials'],
  [/\.bash_history|\.zsh_history/, 'shell history'],
  [/\/proc\/self\/environ/, 'the process environment'],
];

const PERSISTENCE_PATHS: [RegExp, string][] = [
  [/(^|[\\/~])\.(bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|cshrc|tcshrc|config[\\/]fish[\\/]config\.fish)\b/, 'a shell start-up file'],
  [/\bcrontab\b|\/etc\/cron|\/var\/spool\/cron|\bcron\.d\b/, 'cron'],
  [/systemd[\\/](system|user)|\.service\b.*\[Unit\]|\/etc\/init\.d|rc\.local\b/, 'a system service'],
  [/\.config[\\/]autostart|LaunchAgents|LaunchDaemons/, 'desktop autostart'],
  [/(sitecustomize|usercustomize)\.py|site-packages[\\/][^\\/]*\.pth\b/, 'Python start-up hooks'],
  [/authorized_keys/, 'SSH authorized_keys'],
  [/CurrentVersion\\+Run/, 'the Windows Run key'],
  [/\/etc\/ld\.so\.preload|LD_PRELOAD/, 'the dynamic loader'],
];

/** Signals in a string that reaches a call: credential paths, persistence targets, shell payloads. */
export function stringSignals(text: string): StringSignal[] {
  const out: StringSignal[] = [];
  if (text.length > 200_000) text = text.slice(0, 200_000);
  for (const [re, what] of CREDENTIAL_PATHS) if (re.test(text)) out.push({ capability: 'credential', what: `reads ${what}` });
  for (const [re, what] of PERSISTENCE_PATHS) if (re.test(text)) out.push({ capability: 'persistence', what: `touches ${what}` });
  if (/\b(pip3?|uv pip|conda|easy_install|npm)\s+install\b|-m\s*['",\s]*pip\b/.test(text)) out.push({ capability: 'install', what: 'installs packages' });
  if (/(curl|wget)\s+[^|]*\|\s*(ba|z)?sh\b|\/dev\/tcp\/|\bnc\s+-e\b|bash\s+-i\b|powershell\s+-(e|enc)\b/i.test(text)) {
    out.push({ capability: 'process', what: 'contains a shell download-and-run or reverse-shell command' });
  }
  return out;
}
