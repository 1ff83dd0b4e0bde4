/** Helpers for the typed-array columns that keep big inputs out of the garbage-collected heap. */

export type NumberColumn = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;

/** A copy of `column` with room for `length` values; the new part is zero. */
export function widened<A extends NumberColumn>(column: A, length: number): A {
  const copy = new (column.constructor as new (n: number) => A)(length);
  copy.set(column);
  return copy;
}
