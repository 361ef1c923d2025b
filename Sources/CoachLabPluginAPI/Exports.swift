// The contract brings the dataset model with it, and nothing else (ContractSizeTests): the
// shared computations are `import CoachLabKernels`, the support module is never re-exported.
@_exported import CoachLabData
