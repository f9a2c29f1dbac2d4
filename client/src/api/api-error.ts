// A failed API request: the HTTP status (0: no answer), the text in the screen's language, and what the server
// said in its stable terms (code, field, params). Its own file: http.ts throws it, errors.ts describes it.
export type ErrorParams = Record<string, string | number>;

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
    public field?: string,
    /** the server's stable code, e.g. `validation.too_small`, `appeal.not_found` */
    public code?: string,
    public params?: ErrorParams,
    /** the server's own (English) message, for logs */
    public serverMessage?: string,
  ) {
    super(message);
  }
}
