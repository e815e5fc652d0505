// Rule ids of src/code (catalogue entries and docs live in src/rules.ts and docs/rules/).

// Unsafe loading calls in the user's own code (MG510-MG519).
export const TORCH_LOAD_DEFAULT = 'MG510';
export const TORCH_LOAD_UNSAFE = 'MG511';
export const PICKLE_LOAD = 'MG512';
export const JOBLIB_LOAD = 'MG513';
export const NUMPY_ALLOW_PICKLE = 'MG514';
export const KERAS_UNSAFE = 'MG515';
export const SAFETENSORS_DISABLED = 'MG516';
export const FROM_TF = 'MG517';

// Remote code analysis (MG580-MG599).
export const REMOTE_CODE_FILES = 'MG580';
export const REMOTE_CODE_MISSING = 'MG581';
export const REMOTE_CODE_OTHER_REPO = 'MG582';
export const CODE_NOT_ANALYSED = 'MG583';
export const CODE_PROCESS = 'MG584';
export const CODE_DYNAMIC = 'MG585';
export const CODE_NETWORK = 'MG586';
export const CODE_FILE_WRITE = 'MG587';
export const CODE_CREDENTIAL = 'MG588';
export const CODE_PERSISTENCE = 'MG589';
export const CODE_INSTALL = 'MG590';
export const CODE_NATIVE = 'MG591';
export const CODE_EXFILTRATION = 'MG592';
export const CODE_PAYLOAD_EXEC = 'MG593';
export const CODE_ENCODING_DECLARATION = 'MG594';
export const CODE_HIDDEN_CHARACTERS = 'MG595';
export const CODE_CONFUSABLE_IDENTIFIER = 'MG596';
export const CODE_ENCODED_BLOB = 'MG597';
export const CODE_COMPILED_FILE = 'MG598';
