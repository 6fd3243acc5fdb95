/**
 * Counts what the pipeline asks of AWS, at the SDK clients: every command by service and
 * name, the DynamoDB capacity each call consumed (it asks for `ReturnConsumedCapacity`, which
 * costs nothing), and the bytes each S3 PUT stores. `npm run load` and the cost test attach
 * one to the ingest handler's clients and price the counts (scripts/cost-model.ts).
 *
 * Calls are counted once per command, as sent by our code; SDK retries of a failed attempt
 * are not counted separately. A conditional write whose condition fails is billed by AWS as
 * a write but its error carries no consumed capacity: it is counted as 1 WRU (the least it
 * costs; every item written conditionally here is under 1 KB except a record's, whose lost
 * races are rare).
 *
 * An adapter may also say what its writes were for (`attribute`), so the load run can split
 * the write units by kind (the host store's politeness writes: claims granted, claims whose
 * condition failed, slot moves, ...); attributed units are part of the totals, not added.
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
  /** DynamoDB writes whose condition failed (each counted as 1 WRU in `dynamodbWriteUnits`). */
  dynamodbConditionFailures: number;
  /** Writes an adapter attributed to a kind (see `attribute`), by kind: calls and write units. */
  writesByKind: Record<string, { writes: number; writeUnits: number }>;
}

/** What a write consumed, as an adapter reports it (`UsageMeter.attribute`). */
export interface WriteAttribution {
  attribute(kind: string, writeUnits: number): void;
}

/** Write units an SDK write result reports (`ConsumedCapacity`), or 1 when it says nothing. */
export function consumedWriteUnits(output: unknown): number {
  const raw = (output as { ConsumedCapacity?: ConsumedCapacity } | undefined)?.ConsumedCapacity;
  return raw?.WriteCapacityUnits ?? raw?.CapacityUnits ?? 1;
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

export class UsageMeter implements WriteAttribution {
  private requests = new Map<string, number>();
  private readUnits = 0;
  private writeUnits = 0;
  private bytesPut = 0;
  private conditionFailures = 0;
  private byKind = new Map<string, { writes: number; writeUnits: number }>();

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

  /** Says what one write (already counted at the client) was for, and what it consumed. */
  attribute(kind: string, writeUnits: number): void {
    const entry = this.byKind.get(kind) ?? { writes: 0, writeUnits: 0 };
    entry.writes += 1;
    entry.writeUnits += writeUnits;
    this.byKind.set(kind, entry);
  }

  snapshot(): UsageSnapshot {
    return {
      requests: Object.fromEntries([...this.requests].sort(([a], [b]) => a.localeCompare(b))),
      dynamodbReadUnits: this.readUnits,
      dynamodbWriteUnits: this.writeUnits,
      s3BytesPut: this.bytesPut,
      dynamodbConditionFailures: this.conditionFailures,
      writesByKind: Object.fromEntries(
        [...this.byKind]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([kind, entry]) => [kind, { ...entry }]),
      ),
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
        let result: { output: unknown };
        try {
          result = await next(args);
        } catch (error) {
          if (
            service === "dynamodb" &&
            !DYNAMODB_READS.has(command) &&
            (error as { name?: unknown })?.name === "ConditionalCheckFailedException"
          ) {
            this.conditionFailures += 1;
            this.writeUnits += 1;
          }
          throw error;
        }
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
