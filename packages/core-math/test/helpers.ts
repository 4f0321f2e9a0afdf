import { expect } from 'vitest';

/**
 * Asserts that `f` throws an instance of `cls` with `code` and a message containing `fragment` (the whole
 * house-grammar message, or the part naming the argument and its offending value).
 */
export function expectCode(
  f: () => unknown,
  cls: new (...a: never[]) => Error,
  code: string,
  fragment: string,
): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(cls);
  expect((err as { code: string }).code).toBe(code);
  expect((err as Error).message).toContain(fragment);
}

/**
 * Asserts that `f` throws an error named `name` with `code` whose message follows the house grammar
 * `<fn>: invalid argument. <what> must <expectation>. Value: <actual>.` and, when `message` is given, is exactly it.
 */
export function expectInvalidArgument(f: () => unknown, name: string, code: string, message?: string): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  expect(err, 'expected a throw').toBeInstanceOf(Error);
  expect((err as Error).name).toBe(name);
  expect((err as { code: string }).code).toBe(code);
  expect((err as Error).message).toMatch(/: invalid argument\. .* must .*\. Value: .*\.$/);
  if (message !== undefined) expect((err as Error).message).toBe(message);
}
