import type { ApiErrorCode, ApiErrorShape } from './contract';

/** A named error that crosses boundaries as `{code, message, context}` and is rebuilt on the other side. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly context: ApiErrorShape['context'] = {},
  ) {
    super(message);
  }

  toShape(): ApiErrorShape {
    return { code: this.code, message: this.message, context: this.context };
  }

  static fromShape(shape: ApiErrorShape): ApiError {
    return new ApiError(shape.code, shape.message, shape.context);
  }

  /** Any thrown value as an ApiError; unknown errors become 'internal' without leaking stack traces. */
  static from(err: unknown): ApiError {
    if (err instanceof ApiError) return err;
    if (isApiErrorShape(err)) return ApiError.fromShape(err);
    const message = err instanceof Error ? err.message : String(err);
    return new ApiError('internal', message);
  }
}

function isApiErrorShape(v: unknown): v is ApiErrorShape {
  return typeof v === 'object' && v !== null && typeof (v as ApiErrorShape).code === 'string'
    && typeof (v as ApiErrorShape).message === 'string' && typeof (v as ApiErrorShape).context === 'object';
}
