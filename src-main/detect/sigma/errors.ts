/** A rule that cannot be compiled: the code and reason end up in a SigmaLoadError. */
export class SigmaRuleError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A rule that compiles but must not run yet (a placeholder without values): skipped with the reason. */
export class SigmaRuleInactive extends Error {}
