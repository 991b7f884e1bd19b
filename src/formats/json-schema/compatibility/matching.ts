// Maximum bipartite matching by augmenting paths (Kuhn). Combined schemas have a handful of subschemas, so the
// simple O(V·E) algorithm is plenty; Confluent uses JGraphT-style MaximumCardinalityMatch for the same answer.

/** A largest set of (left, right) pairs, each side used once, such that `edge(left, right)` holds. */
export function maximumMatching(
  leftCount: number,
  rightCount: number,
  edge: (left: number, right: number) => boolean,
): Array<readonly [number, number]> {
  const matchOfRight: Array<number | undefined> = new Array<number | undefined>(rightCount).fill(undefined);

  const augment = (left: number, visited: boolean[]): boolean => {
    for (let right = 0; right < rightCount; right++) {
      if (visited[right] || !edge(left, right)) continue;
      visited[right] = true;
      const current = matchOfRight[right];
      if (current === undefined || augment(current, visited)) {
        matchOfRight[right] = left;
        return true;
      }
    }
    return false;
  };

  for (let left = 0; left < leftCount; left++) augment(left, new Array<boolean>(rightCount).fill(false));
  const pairs: Array<readonly [number, number]> = [];
  matchOfRight.forEach((left, right) => {
    if (left !== undefined) pairs.push([left, right]);
  });
  return pairs;
}
