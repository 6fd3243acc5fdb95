/**
 * Rows of the export schema (functions/core/export-schema.ts) as one Parquet file, written
 * with hyparquet-writer (pure JavaScript, Snappy-compressed): strings as UTF8 byte arrays,
 * integers as INT32, timestamps as INT64 TIMESTAMP_MILLIS (UTC), lists as 3-level LISTs of
 * UTF8, so DuckDB, pandas (pyarrow) and Athena read the columns by their types.
 */
import { parquetWriteBuffer } from "hyparquet-writer";
import { EXPORT_COLUMNS, EXPORT_SCHEMA_VERSION, type ExportColumn } from "../core/export-schema";

type SchemaElement = NonNullable<Parameters<typeof parquetWriteBuffer>[0]["schema"]>[number];

function schemaOf(column: ExportColumn): SchemaElement[] {
  const repetition_type = column.required ? "REQUIRED" : "OPTIONAL";
  switch (column.type) {
    case "string":
      return [{ name: column.name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type }];
    case "int":
      return [{ name: column.name, type: "INT32", repetition_type }];
    case "boolean":
      return [{ name: column.name, type: "BOOLEAN", repetition_type }];
    case "timestamp":
      return [
        { name: column.name, type: "INT64", converted_type: "TIMESTAMP_MILLIS", repetition_type },
      ];
    case "string[]":
      return [
        { name: column.name, repetition_type, converted_type: "LIST", num_children: 1 },
        { name: "list", repetition_type: "REPEATED", num_children: 1 },
        {
          name: "element",
          type: "BYTE_ARRAY",
          converted_type: "UTF8",
          repetition_type: "REQUIRED",
        },
      ];
  }
}

/** One Parquet file of the rows (each made by `exportRow`). */
export function parquetFile(rows: Record<string, unknown>[]): Buffer {
  const schema: SchemaElement[] = [
    { name: "root", num_children: EXPORT_COLUMNS.length },
    ...EXPORT_COLUMNS.flatMap(schemaOf),
  ];
  const buffer = parquetWriteBuffer({
    schema,
    columnData: EXPORT_COLUMNS.map((column) => ({
      name: column.name,
      data: rows.map((row) => row[column.name] ?? null),
    })),
    kvMetadata: [{ key: "article-ingest.schema_version", value: String(EXPORT_SCHEMA_VERSION) }],
    createdBy: "article-ingest export",
  });
  return Buffer.from(buffer);
}
