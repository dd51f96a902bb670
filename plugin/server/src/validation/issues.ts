/** A zod error as the `errors` of a 400 response: each problem with the path of the input it is about. */
export const issuesOf = (error: { issues: Array<{ path: PropertyKey[]; message: string }> }) =>
  error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
