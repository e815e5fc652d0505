// Rule ids this engine emits (catalogue entries live in src/rules.ts, MG540-MG559).
export const RULE = {
  pickleDangerousCall: 'MG540',
  pickleDangerousImport: 'MG541',
  pickleUnknownGlobal: 'MG542',
  pickleMalformed: 'MG543',
  incompleteScan: 'MG544',
  torchscriptCode: 'MG545',
  numpyObjectArray: 'MG546',
  archivePathTraversal: 'MG547',
  archiveLink: 'MG548',
  archiveDuplicate: 'MG549',
  archiveBomb: 'MG550',
  zipHeaderMismatch: 'MG551',
  encryptedMember: 'MG552',
  formatMismatch: 'MG553',
  unknownFormat: 'MG554',
} as const;
