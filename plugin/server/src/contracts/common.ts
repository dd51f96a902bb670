/** The envelope of every admin API answer: Strapi's `{ data }`, with `meta` where a route has one. */
export interface DataResponse<T> {
  data: T;
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

/** A document named the way lists show it: its title field (or its documentId) and its slug. */
export interface DocumentOption {
  documentId: string;
  title: string;
  slug: string | null;
}

/** `{ documentId }` of what a DELETE removed. */
export interface Deleted {
  documentId: string;
}
