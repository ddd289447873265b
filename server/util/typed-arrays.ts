/** A copy of a typed array with room for `size` elements, its elements first (the rest zero). */
export function grown<A extends Int32Array | Float64Array>(array: A, size: number): A {
  const bigger = new (array.constructor as new (size: number) => A)(size);
  bigger.set(array);
  return bigger;
}
