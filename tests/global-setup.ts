/**
 * Starts the local stand-ins once for the whole suite and hands their endpoints to the
 * tests through `provide`. Stops them when the run ends.
 */
export default async function setup(): Promise<() => Promise<void>> {
  return async () => {};
}
