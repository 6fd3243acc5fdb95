/**
 * 10% of the ingest handler's S3 calls fail (500s, SlowDown, latency, dropped connections,
 * truncated answers): every URL still ends exactly once.
 */
import { describeServiceFaults } from "./service-faults";

describeServiceFaults({ service: "s3", label: "S3", seed: 21, minSpoiled: 3, checkCodes: true });
