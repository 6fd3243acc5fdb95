/**
 * 30% of the ingest handler's S3 calls fail (500s, SlowDown, latency, dropped connections,
 * truncated answers): every URL still ends exactly once. The captures of a batch share one
 * PUT (and a failed one falls back to a PUT per capture), so the share is higher than the
 * other services' 10%: at 10% the few calls of 40 articles would hardly be spoiled at all.
 */
import { describeServiceFaults } from "./service-faults";

describeServiceFaults({
  service: "s3",
  label: "S3",
  seed: 21,
  rate: 0.3,
  minSpoiled: 3,
  checkCodes: true,
});
