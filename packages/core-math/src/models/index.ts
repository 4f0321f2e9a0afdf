/**
 * Model kernels behind typed facades (ADR 0001): the P3 shallow network and the P4/SS18 teacher–student
 * population loss. `@landscape-lab/trainers` wraps them into `Objective`s.
 */
export type { GdIterationCap } from './common.js';
export {
  type ShallowGdOptions,
  type ShallowGdResult,
  type ShallowNetData,
  ShallowNetSession,
  shallowNetLossGrad,
  shallowNetSession,
} from './shallow.js';
export {
  type GradNormRule,
  type TeacherStudentGdOptions,
  type TeacherStudentGdResult,
  type TeacherStudentGdStatus,
  TeacherStudentSession,
  teacherStudentHessian,
  teacherStudentHvp,
  teacherStudentLoss,
  teacherStudentLossGrad,
  teacherStudentSession,
  teacherStudentZeroNeurons,
} from './teacherStudent.js';
