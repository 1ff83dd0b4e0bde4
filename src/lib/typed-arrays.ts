/** Helpers for the typed-array columns that keep big inputs out of the garbage-collected heap. */

export type NumberColumn = Float64Array | Uint32Array | Int32Array | Uint16Array | Uint8Array;

/** A copy of `column` with room for `length` values; the new part is zero. */
export function widened<A extends NumberColumn>(column: A, length: number): A {
  const copy = new (column.constructor as new (n: number) => A)(length);
  copy.set(column);
  return copy;
}

/**
 * Gives back now the memory of a column that nothing will read again. A typed array's memory is
 * outside the heap and is freed only when a full collection finds the array dead, which can come
 * long after the column was replaced or its owner done: meanwhile it adds to the peak. Its buffer
 * is moved (transferred) to a copy that no one holds, which the next young collection frees; the
 * column reads as empty afterwards. A view of part of a buffer (a pooled Buffer) is left alone.
 */
export function release(column: ArrayBufferView): void {
  const buffer = column.buffer;
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0 || column.byteOffset !== 0 || column.byteLength !== buffer.byteLength) return;
  try {
    structuredClone(buffer, { transfer: [buffer] });
  } catch {
    // A buffer that cannot be transferred is left to the collector.
  }
}

/** widened() for a column that only its owner holds: the old column's memory is given back at once. */
export function grown<A extends NumberColumn>(column: A, length: number): A {
  const copy = widened(column, length);
  release(column);
  return copy;
}

/**
 * Counts are held in 16 bits while they fit (half the memory: nearly every count is small), in 32
 * once one does not: the column as a Uint32Array, same length and values; the old one released.
 */
export function wider(column: Uint16Array): Uint32Array {
  const wide = Uint32Array.from(column);
  release(column);
  return wide;
}
