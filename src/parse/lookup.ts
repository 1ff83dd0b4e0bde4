/**
 * Looks a name from an input file up in a constant table. Own keys only: an element or value
 * named "constructor" or "__proto__" must miss, not find a member of Object.prototype.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
