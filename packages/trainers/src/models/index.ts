/**
 * Models as `Objective`s: the P3 shallow network, the P4/SS18 teacher–student population loss (and its Monte Carlo
 * twin), P1 deep linear networks and the sigmoidal example, small MLPs, P2's half-space problem and toy problems.
 */
export * from './deepLinear.js';
export * from './halfSpace.js';
export * from './mlp.js';
export * from './shallowNet.js';
export * from './teacherStudent.js';
export * from './toy.js';
