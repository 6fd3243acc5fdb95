/**
 * Counts what the pipeline asks of AWS, at the SDK clients: every command by service and
 * name, the DynamoDB capacity each call consumed (it asks for `ReturnConsumedCapacity`, which
 * costs nothing), and the bytes each S3 PUT stores. `npm run load` and the cost test attach
 * one to the ingest handler's clients and price the counts (scripts/cost-model.ts).
 *
 * Calls are counted once per command, as sent by our code; SDK retries of a failed attempt
 * are not counted separately.
 */
import type { AwsClients } from "./aws-clients";

/** DynamoDB commands that read (everything else a DynamoDB call does is a write). */
const DYNAMODB_READS = new Set(["GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"]);
/** DynamoDB commands that accept `ReturnConsumedCapacity`. */
const DYNAMODB_METERED = new Set([
  ...DYNAMODB_READS,
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "BatchWriteItem",
  "TransactWriteItems",
]);

export interface UsageSnapshot {
  /** Requests by `<service>:<command>`, e.g. `s3:PutObject`. */
  requests: Record<string, number>;
  dynamodbReadUnits: number;
  dynamodbWriteUnits: number;
  /** Bytes of every S3 object PUT (their stored size). */
  s3BytesPut: number;
}

interface ConsumedCapacity {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

type Middleware = (
  next: (args: { input: Record<string, unknown> }) => Promise<{ output: unknown }>,
  context: { commandName?: string },
) => (args: { input: Record<string, unknown> }) => Promise<{ output: unknown }>;

interface MeteredClient {
  middlewareStack: {
    add(middleware: Middleware, options: { step: "initialize"; name: string }): void;
  };
}

export class UsageMeter {
  private requests = new Map<string, number>();
  private readUnits = 0;
  private writeUnits = 0;
  private bytesPut = 0;

  /** Counts every call of these clients from now on. */
  attach(clients: Pick<AwsClients, "dynamodb" | "s3" | "sqs">): void {
    this.meter(clients.dynamodb as unknown as MeteredClient, "dynamodb");
    this.meter(clients.s3 as unknown as MeteredClient, "s3");
    this.meter(clients.sqs as unknown as MeteredClient, "sqs");
  }

  /** Counts a request made outside the metered clients (e.g. the event source's polls). */
  count(name: string, n = 1): void {
    this.requests.set(name, (this.requests.get(name) ?? 0) + n);
  }

  snapshot(): UsageSnapshot {
    return {
      requests: Object.fromEntries([...this.requests].sort(([a], [b]) => a.localeCompare(b))),
      dynamodbReadUnits: this.readUnits,
      dynamodbWriteUnits: this.writeUnits,
      s3BytesPut: this.bytesPut,
    };
  }

  private meter(client: MeteredClient, service: "dynamodb" | "s3" | "sqs"): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = (context.commandName ?? "Unknown").replace(/Command$/, "");
        this.count(`${service}:${command}`);
        if (service === "dynamodb" && DYNAMODB_METERED.has(command)) {
          args.input.ReturnConsumedCapacity ??= "TOTAL";
        }
        if (service === "s3" && command === "PutObject")
          this.bytesPut += byteLength(args.input.Body);
        const result = await next(args);
        if (service === "dynamodb") this.consumed(command, result.output);
        return result;
      },
      { step: "initialize", name: "usageMeter" },
    );
  }

  private consumed(command: string, output: unknown): void {
    const raw = (output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
      ?.ConsumedCapacity;
    for (const capacity of Array.isArray(raw) ? raw : raw ? [raw] : []) {
      if (capacity.ReadCapacityUnits !== undefined || capacity.WriteCapacityUnits !== undefined) {
        this.readUnits += capacity.ReadCapacityUnits ?? 0;
        this.writeUnits += capacity.WriteCapacityUnits ?? 0;
      } else if (DYNAMODB_READS.has(command)) {
        this.readUnits += capacity.CapacityUnits ?? 0;
      } else {
        this.writeUnits += capacity.CapacityUnits ?? 0;
      }
    }
  }
}

function byteLength(body: unknown): number {
  if (typeof body === "string") return Buffer.byteLength(body);
  if (body instanceof Uint8Array) return body.byteLength;
  return 0;
}
