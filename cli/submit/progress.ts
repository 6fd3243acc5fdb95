/**
 * Progress for long submissions: a bar redrawn in place on a terminal, a plain line every
 * tenth of the way otherwise (logs and CI stay readable). Small inputs print nothing.
 */
import type { CliIo } from "../output";

/** Inputs smaller than this finish too fast to need progress. */
export const PROGRESS_THRESHOLD = 50;
const BAR_WIDTH = 30;

export interface Progress {
  update(done: number): void;
  finish(): void;
}

export function createProgress(io: CliIo, total: number, label: string): Progress {
  if (total < PROGRESS_THRESHOLD) return { update() {}, finish() {} };
  if (io.interactive) {
    let drawn = -1;
    return {
      update(done) {
        const filled = Math.round((done / total) * BAR_WIDTH);
        if (filled === drawn && done !== total) return;
        drawn = filled;
        const bar = `${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}`;
        io.stderr.write(`\r${label} ${bar} ${done}/${total}`);
      },
      finish() {
        io.stderr.write("\n");
      },
    };
  }
  let nextTenth = 1;
  return {
    update(done) {
      let crossed = false;
      while (nextTenth <= 10 && done >= (nextTenth * total) / 10) {
        nextTenth++;
        crossed = true;
      }
      if (crossed) io.stderr.write(`${label} ${done}/${total}\n`);
    },
    finish() {},
  };
}
