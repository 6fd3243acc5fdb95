/** Which corpus pages `npm run bench` runs by default. */

/** `n` ids spread evenly over the sorted list, so every source keeps its share. */
export function evenSample(ids: string[], n: number): string[] {
  if (n >= ids.length) return [...ids];
  if (n <= 0) return [];
  return Array.from(
    { length: n },
    (_, i) => ids[Math.floor(((i + 0.5) * ids.length) / n)] as string,
  );
}
