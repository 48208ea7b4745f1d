export interface PageResult<T> {
  items: T[];
  next_starting_after?: string;
}

/**
 * Rows were fetched with limit + 1: the extra row only says that another page exists, and the
 * cursor is the last row that is returned, so pages neither repeat nor skip.
 */
export function toPage<R, T>(rows: R[], limit: number, cursorOf: (row: R) => string, map: (row: R) => T): PageResult<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows[pageRows.length - 1];
  const page: PageResult<T> = { items: pageRows.map(map) };
  if (rows.length > limit && last !== undefined) page.next_starting_after = cursorOf(last);
  return page;
}
