/**
 * 10% of the ingest handler's DynamoDB calls fail (500s, ProvisionedThroughputExceeded,
 * latency, dropped connections, truncated answers): every URL still ends exactly once.
 */
import { describeServiceFaults } from "./service-faults";

describeServiceFaults({
  service: "dynamodb",
  label: "DynamoDB",
  seed: 11,
  minSpoiled: 10,
  checkCodes: true,
});
