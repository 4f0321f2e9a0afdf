// Model kernels used by @landscape-lab/trainers hot loops (ADR 0001). Only the kernel files are re-exported;
// common.ts holds private helpers. Contract: src/abi/models.ts.
export * from './shallow';
export * from './teacherStudent';
