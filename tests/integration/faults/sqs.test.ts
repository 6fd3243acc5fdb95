/**
 * 10% of the SQS calls fail, both the event source's (receive, delete) and the handler's
 * (re-enqueues for politeness, which this scenario provokes with a per-host interval):
 * every URL still ends exactly once.
 */
import { describeServiceFaults } from "./service-faults";

describeServiceFaults({
  service: "sqs",
  label: "SQS",
  seed: 31,
  minSpoiled: 3,
  hosts: ["127.0.0.1", "127.0.0.2", "127.0.0.3"],
  pipeline: {
    // Politeness waits and re-enqueues make batches slower than 1 s: a visibility timeout
    // shorter than a batch redelivers messages still being processed (as on AWS).
    queue: { visibilityTimeoutSeconds: 3 },
    env: { POLITENESS_INTERVAL_MS: "100", POLITENESS_WAIT_BUDGET_MS: "300" },
  },
});
