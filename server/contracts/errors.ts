// The JSON error body every /api route answers with.
export interface ApiErrorBody {
  error: {
    code: string;
    message: string;
    /** For validation errors: field path (dot-joined) to message. */
    fields?: Record<string, string>;
  };
}
