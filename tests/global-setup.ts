/**
 * Starts the local stand-ins once for the whole suite and hands their endpoints to the
 * tests (`inject("standIns")`). Test files create their own table, bucket and queues on
 * them (tests/support/stand-ins.ts) so files running in parallel never share state.
 * Everything started here is stopped when the run ends, also when tests fail.
 */
import type { TestProject } from "vitest/node";
import { type StandInEndpoints, startStandIns } from "../cli/local/stand-ins";

declare module "vitest" {
  export interface ProvidedContext {
    standIns: StandInEndpoints;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const standIns = await startStandIns();
  const { stop, onS3Event: _events, ...endpoints } = standIns;
  project.provide("standIns", endpoints);
  return async () => {
    await stop();
  };
}
