// Which imported globals are safe to load. The allowlist starts from what PyTorch's
// weights_only unpickler accepts (torch/_weights_only_unpickler.py: tensor and storage
// rebuilders, dtypes, layouts, quantisation schemes, OrderedDict and the builtin containers)
// and adds value types that carry no behaviour on load (numpy arrays and dtypes, datetime,
// decimal, fractions, uuid.UUID, complex, _codecs.encode for bytes in old protocols).
// Everything else is unknown unless it is on the dangerous list: modules and callables that
// run code, start processes, touch files or the network, import modules, or turn strings into
// callables (so that an allowed-looking chain reaches something dangerous).
import type { GlobalClass } from '../../types.js';

export interface Classification {
  classification: GlobalClass;
  reason?: string;
  /** Unknown, but from a library whose pickles are routine (scikit-learn, pandas, ...). */
  expectedLibrary?: string;
}

const TORCH_DTYPES = [
  'float32', 'float', 'float64', 'double', 'float16', 'half', 'bfloat16', 'uint8', 'int8', 'int16', 'short', 'int32',
  'int', 'int64', 'long', 'bool', 'complex32', 'chalf', 'complex64', 'cfloat', 'complex128', 'cdouble', 'quint8', 'qint8',
  'qint32', 'quint4x2', 'quint2x4', 'float8_e4m3fn', 'float8_e5m2', 'float8_e4m3fnuz', 'float8_e5m2fnuz', 'float8_e8m0fnu',
  'float4_e2m1fn_x2', 'uint16', 'uint32', 'uint64', 'bits1x8', 'bits2x4', 'bits4x2', 'bits8', 'bits16', 'int1', 'int2',
  'int3', 'int4', 'int5', 'int6', 'int7', 'uint1', 'uint2', 'uint3', 'uint4', 'uint5', 'uint6', 'uint7',
];
const TORCH_STORAGES = [
  'FloatStorage', 'DoubleStorage', 'HalfStorage', 'BFloat16Storage', 'LongStorage', 'IntStorage', 'ShortStorage',
  'CharStorage', 'ByteStorage', 'BoolStorage', 'ComplexFloatStorage', 'ComplexDoubleStorage', 'QInt8Storage',
  'QUInt8Storage', 'QInt32Storage', 'QUInt4x2Storage', 'QUInt2x4Storage', 'UntypedStorage', 'TypedStorage',
];
const TORCH_OTHER = [
  // layouts, memory formats, quantisation schemes
  'strided', 'sparse_coo', 'sparse_csr', 'sparse_csc', 'sparse_bsr', 'sparse_bsc', '_mkldnn', 'jagged',
  'contiguous_format', 'channels_last', 'channels_last_3d', 'preserve_format',
  'per_tensor_affine', 'per_channel_affine', 'per_tensor_symmetric', 'per_channel_symmetric', 'per_channel_affine_float_qparams',
  'Size', 'Tensor', 'device', 'dtype', 'layout', 'memory_format', 'qscheme', 'Generator',
];
// legacy tensor types (torch._tensor_classes)
const TORCH_TENSOR_CLASSES = ['FloatTensor', 'DoubleTensor', 'HalfTensor', 'BFloat16Tensor', 'LongTensor', 'IntTensor', 'ShortTensor', 'CharTensor', 'ByteTensor', 'BoolTensor'];
const TORCH_UTILS = [
  '_rebuild_tensor', '_rebuild_tensor_v2', '_rebuild_tensor_v3', '_rebuild_sparse_tensor', '_rebuild_sparse_csr_tensor',
  '_rebuild_meta_tensor_no_storage', '_rebuild_nested_tensor', '_rebuild_wrapper_subclass', '_rebuild_device_tensor_from_cpu_tensor',
  '_rebuild_device_tensor_from_numpy', '_rebuild_parameter', '_rebuild_parameter_with_state', '_rebuild_qtensor',
  '_rebuild_xla_tensor', '_rebuild_mlc_tensor', '_rebuild_mps_tensor',
];

const ALLOWED = new Set<string>([
  ...TORCH_DTYPES.map((d) => `torch.${d}`),
  ...TORCH_STORAGES.map((s) => `torch.${s}`),
  ...TORCH_STORAGES.map((s) => `torch.cuda.${s}`),
  ...TORCH_STORAGES.map((s) => `torch.storage.${s}`),
  ...TORCH_OTHER.map((s) => `torch.${s}`),
  ...TORCH_UTILS.map((s) => `torch._utils.${s}`),
  ...TORCH_TENSOR_CLASSES.map((t) => `torch.${t}`),
  ...TORCH_TENSOR_CLASSES.map((t) => `torch.cuda.${t}`),
  'torch._tensor._rebuild_from_type',
  'torch._tensor._rebuild_from_type_v2',
  'torch.nn.parameter.Parameter',
  'torch.nn.parameter.Buffer',
  'torch.nn.parameter.UninitializedParameter',
  'torch.serialization._get_layout',
  'torch._C._nn.gelu',
  'torch.torch_version.TorchVersion',
  'torch.nn.modules.module._IncompatibleKeys',
  'collections.OrderedDict',
  'collections.Counter',
  'collections.defaultdict',
  'collections.deque',
  'builtins.set',
  'builtins.frozenset',
  'builtins.bytearray',
  'builtins.bytes',
  'builtins.complex',
  'builtins.slice',
  'builtins.range',
  'builtins.int',
  'builtins.float',
  'builtins.str',
  'builtins.bool',
  'builtins.list',
  'builtins.tuple',
  'builtins.dict',
  'builtins.object',
  'builtins.Ellipsis',
  'builtins.NotImplemented',
  '_codecs.encode',
  'numpy.random._pickle.__randomstate_ctor',
  'numpy.random._pickle.__bit_generator_ctor',
  'numpy.random._pickle.__generator_ctor',
  'numpy.random.__RandomState_ctor',
  're._compile',
  'codecs.encode',
  'copyreg._reconstructor',
  'copyreg.__newobj__',
  'datetime.datetime',
  'datetime.date',
  'datetime.time',
  'datetime.timedelta',
  'datetime.timezone',
  'decimal.Decimal',
  'fractions.Fraction',
  'uuid.UUID',
  'pathlib.PosixPath',
  'pathlib.WindowsPath',
  'pathlib.PurePosixPath',
  'pathlib.PureWindowsPath',
  'pathlib.Path',
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.core.multiarray.scalar',
  'numpy._core.multiarray.scalar',
  'numpy.core.numeric._frombuffer',
  'numpy._core.numeric._frombuffer',
  'numpy.ndarray',
  'numpy.dtype',
  'numpy.ma.core._mareconstruct',
  'numpy.ma.core.MaskedArray',
  'numpy.core.records.recarray',
  'numpy._core.records.recarray',
  'joblib.numpy_pickle.NumpyArrayWrapper',
  'sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper',
  'joblib.numpy_pickle_compat.NDArrayWrapper',
  // joblib < 0.10 wrote its array wrappers from joblib.numpy_pickle; the arrays sit in sidecar
  // .npy files, which are scanned as files of their own
  'joblib.numpy_pickle.NDArrayWrapper',
  'joblib.numpy_pickle.ZNDArrayWrapper',
  'joblib.numpy_pickle_compat.ZNDArrayWrapper',
  'sklearn.externals.joblib.numpy_pickle.NDArrayWrapper',
  'sklearn.externals.joblib.numpy_pickle.ZNDArrayWrapper',
  'numpy.matrixlib.defmatrix.matrix',
  'numpy.matrix',
  'numpy.core.records.record',
  'numpy._core.records.record',
]);
// numpy scalar types and DType classes are plain values
const NUMPY_VALUE_NAME = /^(float(16|32|64|128)?|int(8|16|32|64)?|uint(8|16|32|64)?|bool_?|complex(64|128|256)?|str_|bytes_|void|object_|datetime64|timedelta64|longlong|ulonglong|half|single|double|longdouble|intc|uintc|intp|uintp|[A-Z][A-Za-z0-9]*DType)$/;

const modIn = (mods: string[]) => (m: string) => mods.some((x) => m === x || m.startsWith(`${x}.`));

const DANGEROUS_MODULES: { mods: string[]; reason: string }[] = [
  { mods: ['dill', 'cloudpickle', 'types', 'marshal', 'srsly.cloudpickle', 'joblib.externals.cloudpickle'], reason: 'builds functions or code objects from bytecode stored in the file' },
  { mods: ['os', 'posix', 'nt', 'posixpath', 'ntpath', 'subprocess', '_posixsubprocess', '_winapi', 'pty', 'commands', 'popen2', 'multiprocessing', 'concurrent', 'asyncio', 'signal', '_signal', 'resource', 'pwd', 'grp', 'spwd', 'crypt', 'fcntl', 'termios', 'tty', 'winreg', 'msvcrt', '_thread', 'threading', 'sched', 'atexit'], reason: 'runs processes or controls the operating system' },
  { mods: ['socket', '_socket', 'ssl', 'select', 'selectors', 'urllib', 'urllib2', 'urllib3', 'http', 'httplib', 'ftplib', 'smtplib', 'poplib', 'imaplib', 'nntplib', 'telnetlib', 'socketserver', 'xmlrpc', 'requests', 'httpx', 'aiohttp', 'webbrowser', 'wsgiref', 'mailbox', 'smtpd', 'asynchat', 'asyncore', 'ipaddress_', 'paramiko', 'boto3', 'botocore', 'fsspec', 'huggingface_hub'], reason: 'reaches the network' },
  { mods: ['builtins', '__builtin__', '__builtins__', 'code', 'codeop', 'runpy', 'importlib', 'imp', 'pkgutil', 'zipimport', 'pydoc', 'inspect', 'types', 'marshal', 'ctypes', '_ctypes', 'cffi', 'sys', 'gc', 'pdb', 'bdb', 'trace', 'profile', 'cProfile', 'timeit', 'doctest', 'unittest', 'test', 'idlelib', 'lib2to3', 'distutils', 'setuptools', 'pip', 'ensurepip', 'venv', 'site', 'sysconfig', '_osx_support', '_aix_support', '_pyrepl', 'pyrepl', 'rlcompleter', 'readline', 'cmd', 'code', 'IPython', 'jupyter_client', 'ipykernel', 'torch.hub', 'torch.jit', 'torch.package', 'torch.utils.cpp_extension', 'torch._dynamo', 'torch._inductor', 'torch.fx', 'torch.compiler', 'numpy.f2py', 'numpy.distutils', 'numpy.testing', 'Cython', 'pyximport', 'jinja2', 'mako', 'operator', '_operator', 'functools', 'asyncio', 'contextlib', 'abc', 'weakref', '_weakref', 'copy', 'ast', 'dis', 'symtable', 'compileall', 'py_compile', 'tokenize', 'uuid._', 'platform', 'ctypes.util', 'dbm', 'ensurepip', 'logging.config', 'cgi', 'cgitb', 'http.server', 'xml.sax', 'xml.dom.pulldom'], reason: 'runs or loads code, or resolves names to callables' },
  { mods: ['shutil', 'tempfile', 'io', '_io', 'fileinput', 'glob', 'pathlib._local', 'zipfile', 'tarfile', 'gzip', 'bz2', 'lzma', 'shelve', 'linecache', 'filecmp', 'mmap', 'sqlite3', 'dbm', 'logging.handlers', 'codecs.open', 'aifc', 'wave', 'sunau', 'netrc', 'mailcap', 'configparser', 'plistlib'], reason: 'reads or writes files' },
  { mods: ['pickle', '_pickle', 'cPickle', 'pickletools', 'dill', 'cloudpickle', 'joblib', 'jsonpickle', 'shelve', 'copyreg', 'copy_reg', 'torch.serialization', 'torch.load', 'pandas.io.pickle', 'yaml', 'marshal'], reason: 'deserialises further data, which can run code' },
];

// Specific callables outside the modules above.
const DANGEROUS_CALLABLES: Record<string, string> = {
  'torch.load': 'loads another pickle',
  'torch.hub.load': 'downloads and runs code',
  'torch.from_file': 'reads a file',
  'torch.save': 'writes a file',
  'torch._C._jit_pass_onnx': 'runs code',
  'torch.ops.load_library': 'loads a native library',
  'torch.classes.load_library': 'loads a native library',
  'torch.serialization.load': 'loads another pickle',
  'numpy.load': 'loads another file, pickles included',
  'numpy.loadtxt': 'reads a file',
  'numpy.genfromtxt': 'reads a file',
  'numpy.fromfile': 'reads a file',
  'numpy.save': 'writes a file',
  'numpy.savetxt': 'writes a file',
  'numpy.tofile': 'writes a file',
  'numpy.memmap': 'maps a file',
  'numpy.lib.npyio.load': 'loads another file',
  'numpy.testing._private.utils.runstring': 'runs code',
  'numpy.core.multiarray._reconstruct.__globals__': 'reaches module globals',
  'pandas.read_pickle': 'loads another pickle',
  'pandas.read_csv': 'reads a file or URL',
  'pandas.io.parsers.readers.read_csv': 'reads a file or URL',
  'pandas.eval': 'evaluates an expression',
  'pandas.core.computation.eval.eval': 'evaluates an expression',
  'keras.models.load_model': 'loads another model',
  'tensorflow.keras.models.load_model': 'loads another model',
  'tensorflow.io.gfile.GFile': 'reads or writes files',
  'sklearn.utils._testing.ignore_warnings': 'runs a callable',
  'logging.FileHandler': 'writes a file',
  'logging.basicConfig': 'configures logging to files',
  'codecs.open': 'opens a file',
  'builtins.open': 'opens a file',
  'uuid._get_command_stdout': 'runs a process',
  'uuid._popen': 'runs a process',
  'uuid._ifconfig_getnode': 'runs a process',
  'uuid._ip_getnode': 'runs a process',
  'uuid._arp_getnode': 'runs a process',
  'uuid._netstat_getnode': 'runs a process',
  'uuid._lanscan_getnode': 'runs a process',
  'uuid._find_mac_near_keyword': 'runs a process',
  'uuid._find_mac_under_heading': 'runs a process',
  'uuid._unix_getnode': 'runs a process',
  'uuid.getnode': 'runs a process',
  'collections.namedtuple': 'builds classes from strings',
  'types.FunctionType': 'builds a function from code',
  'types.CodeType': 'builds code from bytes',
  'dataclasses.make_dataclass': 'builds classes from strings',
  'string.Formatter': 'formats with attribute access',
  'ssl.get_server_certificate': 'reaches the network',
  'zipfile.ZipFile': 'opens a file',
};

// Names that mean "run", "import", "open", "resolve" whatever module holds them.
const DANGEROUS_NAME = /^(eval|exec|execfile|compile|system|popen\d?|spawn\w*|exec[lv]p?e?|fork\w*|call|check_call|check_output|run|getoutput|getstatusoutput|Popen|__import__|import_module|load_module|find_module|find_spec|exec_module|reload|getattr|setattr|delattr|globals|locals|vars|open|urlopen|urlretrieve|remove|unlink|rmtree|rmdir|removedirs|rename|renames|chmod|chown|kill|killpg|putenv|unsetenv|resolve_name|locate|attrgetter|itemgetter|methodcaller|partial|partialmethod|apply|loads|load|pickle|unpickle|read_pickle|load_model|load_library|dlopen|LoadLibrary|CDLL|PyDLL|WinDLL|cdll|pydll|memmove|string_at|breakpoint|input|interact|runcode|runsource|run_module|run_path|runctx|runcall|set_trace|post_mortem|start_new_thread|create_connection|socket|connect|send|sendall|get|post|request|urlcleanup|pager|pipe_pager|tempfilepager|getpager|system_pager|_read_output|_find_build_tool|_read_cmd_output|_get_command_stdout|_popen|__reduce__|__reduce_ex__|__getattribute__|__getattr__|__setattr__|__delattr__|__subclasses__|__globals__|__builtins__|__code__|__class__|__bases__|__mro__|__dict__|__init_subclass__|__class_getitem__|__call__|__func__|__self__|__module__|__loader__|__spec__|__import__|f_globals|f_locals|f_builtins|gi_frame|cr_frame|tb_frame|co_code)$/;

// Libraries whose classes routinely appear in pickled models. Their classes are still not
// allowed (loading needs the library and runs its __setstate__), but they are expected.
const EXPECTED_LIBRARIES = [
  'sklearn', 'scipy', 'numpy', 'pandas', 'torch', 'torchvision', 'torchaudio', 'transformers', 'tokenizers', 'sentence_transformers',
  'xgboost', 'lightgbm', 'catboost', 'statsmodels', 'lightning', 'pytorch_lightning', 'timm', 'diffusers', 'peft', 'accelerate',
  'joblib', 'gensim', 'spacy', 'thinc', 'omegaconf', 'mmengine', 'mmcv', 'yacs', 'easydict', 'ml_collections', 'fastai', 'numba', 'onnx', 'tensorflow', 'keras', 'collections', 'enum', 'argparse',
  'typing', 're', '_struct', 'struct', 'array', 'math', 'string', 'random', '_random', 'numpy.random', 'bitarray',
  // widely used model libraries whose checkpoints pickle whole objects
  'lightning_fabric', 'ultralytics', 'mmdet', 'mmseg', 'mmpretrain', 'mmocr', 'detectron2', 'fairseq', 'nemo', 'speechbrain',
  'espnet', 'espnet2', 'pyannote', 'torch_geometric', 'dgl', 'allennlp', 'flair', 'stanza', 'open_clip', 'whisper', 'basicsr',
  'einops', 'skorch', 'imblearn', 'category_encoders', 'prophet', 'sktime', 'darts', 'pytorch_forecasting', 'gluonts',
  'torchmetrics', 'torchtext', 'monai', 'segmentation_models_pytorch', 'kornia', 'trl', 'optimum', 'sentencepiece',
];

/** Classifies `module.name` (name may be dotted: protocol 4 resolves attribute chains). */
export function classifyGlobal(module: string, name: string): Classification {
  if (module === '<computed at load time>') return { classification: 'dangerous', reason: 'is an import whose module and name are computed while loading, which only a crafted file does' };
  const full = `${module}.${name}`;
  if (ALLOWED.has(full)) return { classification: 'allowed' };
  if (/^numpy(\._core|\.core)?$/.test(module) || module === 'numpy.dtypes') {
    if (NUMPY_VALUE_NAME.test(name)) return { classification: 'allowed' };
  }
  if (DANGEROUS_CALLABLES[full]) return { classification: 'dangerous', reason: DANGEROUS_CALLABLES[full] };
  const segments = [...module.split('.'), ...name.split('.')];
  if (name.startsWith('_extension_registry[')) return { classification: 'unknown' };
  const attrs = name.split('.');
  for (const rule of DANGEROUS_MODULES) {
    const hit = modIn(rule.mods);
    if (hit(module)) return { classification: 'dangerous', reason: rule.reason };
    // `numpy` + `os.system`, `torch` + `sys.modules`: a dangerous module reached as an attribute.
    for (let i = 0; i < attrs.length - 1; i++) if (hit(attrs[i])) return { classification: 'dangerous', reason: rule.reason };
  }
  // A dunder or known-dangerous attribute anywhere in the chain reaches past the allowlist.
  for (const seg of name.split('.')) {
    if (/^__\w+__$/.test(seg) && !['__newobj__', '__newobj_ex__', '__randomstate_ctor', '__bit_generator_ctor', '__generator_ctor'].includes(seg)) {
      return { classification: 'dangerous', reason: `reaches the attribute ${seg}` };
    }
  }
  const last = segments[segments.length - 1];
  if (DANGEROUS_NAME.test(last)) return { classification: 'dangerous', reason: `calls ${last}, which runs, loads, opens or resolves` };
  // a package's command-line entry module runs its script
  if (module.split('.').slice(1).some((m) => /^__\w+__$/.test(m))) return { classification: 'dangerous', reason: `comes from the script module ${module}` };
  // Classes of well-known libraries are routine in pickled models; their functions are not.
  // scipy.sparse names its matrix and array classes in lower case (csr_matrix, coo_array, ...)
  const isClass = /^[A-Z]/.test(last) || (/^scipy\.sparse(\.|$)/.test(module) && /^[a-z]{3}_(matrix|array)$/.test(last));
  // a class, or a member of one spelled like an enum member (Cls.MEMBER, as enums pickle in 3.11+)
  // private module-level rebuild helpers that libraries register for pickling
  // (pandas._libs.internals._unpickle_block, pandas.core.indexes.base._new_Index)
  const rebuilder = !name.includes('.') && /^_+(unpickle|new|reconstruct|rebuild|restore)(_\w+|[A-Z]\w*)?$/.test(name);
  const classOrMember = ((isClass || rebuilder) && !name.includes('.')) || /^[A-Z]\w*\.[A-Z][A-Z0-9_]*$/.test(name);
  const library = classOrMember ? EXPECTED_LIBRARIES.find((l) => module === l || module.startsWith(`${l}.`)) : undefined;
  return { classification: 'unknown', ...(library ? { expectedLibrary: library } : {}) };
}
