#!/usr/bin/env node
// Runs the TypeScript CLI (cli/main.ts) through tsx, so no build step is needed.
import { register } from "tsx/esm/api";

register();
const { run } = await import("../cli/main.ts");
await run();
