/**
 * 30% of the ingest handler's S3 calls fail (500s, SlowDown, latency, dropped connections,
 * truncated answers): every URL still ends exactly once. The captures of a batch share one
 * PUT (and a failed one falls back to a PUT per capture), so the share is higher than the
 * other services' 10%, and the batches hold 2 messages: with 10-message batches 40 articles
 * make as few as 6 S3 calls (how many depends on how the batches fall), too few for the run
 * to count; with pairs they make about 20 shared PUTs plus the fallbacks, still shared.
 */
import { describeServiceFaults } from "./service-faults";

describeServiceFaults({
  service: "s3",
  label: "S3",
  seed: 21,
  rate: 0.3,
  minSpoiled: 3,
  poller: { batchSize: 2 },
  checkCodes: true,
});
