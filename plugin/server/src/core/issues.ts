/**
 * One problem of some input: where it is (a dotted path into the input, '' for the input as a
 * whole) and what is wrong with it, in words meant for the person who wrote it. Rules,
 * experiments and the request validators all report problems this way, so a 400 names them alike.
 */
export interface Issue {
  path: string;
  message: string;
}

/** What is wrong with `uid` where a content type of the app is expected and the app has none of that name. */
export const notAContentType = (uid: unknown): string =>
  `'${String(uid)}' is not a content type of this app`;
