import { describe, expect, it } from "vitest";
import {
  dateFromUrl,
  inOtherOrder,
  offsetInZone,
  parseDate,
  withOffset,
  zoneOfUrl,
} from "../../../functions/core/extract/metadata/dates";

describe("parseDate", () => {
  const cases: Array<[string, string, string]> = [
    // input, expected UTC, expected local form
    ["2024-05-22T10:15:00+02:00", "2024-05-22T08:15:00.000Z", "2024-05-22T10:15:00+02:00"],
    ["2024-05-22T10:15:00.123+0200", "2024-05-22T08:15:00.000Z", "2024-05-22T10:15:00+02:00"],
    ["2024-05-22T10:15:00Z", "2024-05-22T10:15:00.000Z", "2024-05-22T10:15:00+00:00"],
    ["2024-05-22 10:15:00 -05:00", "2024-05-22T15:15:00.000Z", "2024-05-22T10:15:00-05:00"],
    ["2024-05-22T10:15", "2024-05-22T10:15:00.000Z", "2024-05-22T10:15:00"],
    ["2024-05-22", "2024-05-22T00:00:00.000Z", "2024-05-22"],
    ["20240522", "2024-05-22T00:00:00.000Z", "2024-05-22"],
    ["Wed, 22 May 2024 08:15:00 GMT", "2024-05-22T08:15:00.000Z", "2024-05-22T08:15:00+00:00"],
    ["Wed, 22 May 2024 10:15:00 +0200", "2024-05-22T08:15:00.000Z", "2024-05-22T10:15:00+02:00"],
    ["May 22, 2024 10:15 AM EDT", "2024-05-22T14:15:00.000Z", "2024-05-22T10:15:00-04:00"],
    ["May 22, 2024 3:05 pm", "2024-05-22T15:05:00.000Z", "2024-05-22T15:05:00"],
    ["22. Mai 2024, 10:15 Uhr", "2024-05-22T10:15:00.000Z", "2024-05-22T10:15:00"],
    ["22.05.2024 10:15", "2024-05-22T10:15:00.000Z", "2024-05-22T10:15:00"],
    ["22.05.2024 - 10:15", "2024-05-22T10:15:00.000Z", "2024-05-22T10:15:00"],
    // A date stated before a period is the line's date.
    [
      "Published 03.05.2024 · Event 12.06.2024 – 14.06.2024",
      "2024-05-03T00:00:00.000Z",
      "2024-05-03",
    ],
    ["22 mars 2024 à 10h15", "2024-03-22T10:15:00.000Z", "2024-03-22T10:15:00"],
    ["05/22/2024", "2024-05-22T00:00:00.000Z", "2024-05-22"],
    ["1716365700", "2024-05-22T08:15:00.000Z", "2024-05-22T08:15:00+00:00"],
    ["1716365700000", "2024-05-22T08:15:00.000Z", "2024-05-22T08:15:00+00:00"],
  ];
  it.each(cases)("parses %j", (input, utc, local) => {
    // Act
    const parsed = parseDate(input);
    // Assess
    expect(parsed?.utc).toBe(utc);
    expect(parsed?.local).toBe(local);
  });

  it.each([
    "",
    "yesterday",
    "0000-00-00",
    "1970-01-01T00:00:00Z",
    "2024-02-31",
    "Updated",
    // A run of numbers is no date, and two dates joined by a dash are a period.
    "24/7/365",
    "1/27/2026 - 3/24/2026",
    "12.01.26 \u2013 10.04.26",
  ])("returns null for %j", (input) => {
    expect(parseDate(input)).toBeNull();
  });

  it("says whether time and offset were stated", () => {
    // Act
    const dayOnly = parseDate("2024-05-22");
    const withOffset = parseDate("2024-05-22T10:15:00+02:00");
    // Assess
    expect(dayOnly).toMatchObject({ hasTime: false, hasOffset: false, localDay: "2024-05-22" });
    expect(withOffset).toMatchObject({ hasTime: true, hasOffset: true, localDay: "2024-05-22" });
  });
});

describe("dateFromUrl", () => {
  it.each([
    ["https://example.com/news/2024/05/22/a-story", "2024-05-22"],
    ["https://example.com/2024-05-22/a-story.html", "2024-05-22"],
    ["https://example.com/news/20240522/a-story", "2024-05-22"],
    ["https://example.com/2024/5/2/a-story", "2024-05-02"],
    ["https://example.com/articles/2025-12-15+Why+and+how", "2025-12-15"],
    ["https://example.com/2025-12-15.html", "2025-12-15"],
  ])("reads the day from %s", (url, day) => {
    expect(dateFromUrl(url)?.local).toBe(day);
  });

  it.each([
    "https://example.com/news/a-story-123456",
    "https://example.com/2024/99/99/x",
    "not a url",
  ])("finds nothing in %s", (url) => {
    expect(dateFromUrl(url)).toBeNull();
  });
});

describe("withOffset", () => {
  it("reads a time without offset in the given zone", () => {
    // Prepare
    const parsed = parseDate("2024-05-22T10:15:00");
    // Act
    const zoned = parsed ? withOffset(parsed, 120) : null;
    // Assess
    expect(zoned?.utc).toBe("2024-05-22T08:15:00.000Z");
    expect(zoned?.local).toBe("2024-05-22T10:15:00+02:00");
  });

  it("leaves dates with an offset or without a time alone", () => {
    // Prepare
    const stated = parseDate("2024-05-22T10:15:00-04:00");
    const dayOnly = parseDate("2024-05-22");
    // Act / Assess
    expect(stated && withOffset(stated, 120)).toEqual(stated);
    expect(dayOnly && withOffset(dayOnly, 120)).toEqual(dayOnly);
  });
});

describe("numeric day and month order", () => {
  it("reads slashes month first unless told the page writes day first", () => {
    // Act
    const us = parseDate("03/09/2026");
    const other = parseDate("03/09/2026", { dayFirst: true });
    // Assess
    expect(us?.localDay).toBe("2026-03-09");
    expect(other?.localDay).toBe("2026-09-03");
  });

  it("lets a number above 12 decide, whatever the separator", () => {
    expect(parseDate("10/25/2026", { dayFirst: true })?.localDay).toBe("2026-10-25");
    expect(parseDate("25/10/2026")?.localDay).toBe("2026-10-25");
    expect(parseDate("10-25-2026")?.localDay).toBe("2026-10-25");
  });

  it("marks an ambiguous date with its other reading, and only an ambiguous one", () => {
    // Act
    const ambiguous = parseDate("03.09.2026 10:15");
    // Assess
    expect(ambiguous?.otherReading).toBe("2026-03-09");
    expect(parseDate("25.10.2026")?.otherReading).toBeUndefined();
    expect(parseDate("05.05.2026")?.otherReading).toBeUndefined();
    expect(parseDate("2026-03-09")?.otherReading).toBeUndefined();
  });

  it("swaps day and month and keeps the time", () => {
    // Act
    const swapped = inOtherOrder(parseDate("03.09.2026 10:15") ?? fail());
    // Assess
    expect(swapped?.local).toBe("2026-03-09T10:15:00");
    expect(inOtherOrder(parseDate("2026-03-09") ?? fail())).toBeNull();
  });
});

describe("labels glued to the date", () => {
  it("reads a month run into the label before it", () => {
    expect(parseDate("PublishedFeb 2, 2023")?.localDay).toBe("2023-02-02");
  });
});

describe("zones of country domains", () => {
  it.each([
    ["https://www.example.it/a", "Europe/Rome"],
    ["https://news.example.com.tr/a", "Europe/Istanbul"],
    ["https://example.co.uk/a", "Europe/London"],
    ["https://example.com/a", null],
    ["https://example.io/a", null],
    ["not a url", null],
  ])("gives %s the zone %s", (url, zone) => {
    expect(zoneOfUrl(url)).toBe(zone);
  });

  it("gives the zone's offset at the date's wall-clock time, summer time included", () => {
    // Act
    const summer = offsetInZone(parseDate("2025-07-01T12:00:00") ?? fail(), "Europe/Berlin");
    const winter = offsetInZone(parseDate("2025-01-01T12:00:00") ?? fail(), "Europe/Berlin");
    const tokyo = offsetInZone(parseDate("2025-07-01T12:00:00") ?? fail(), "Asia/Tokyo");
    // Assess
    expect([summer, winter, tokyo]).toEqual([120, 60, 540]);
  });

  it("leaves dates with an offset or without a time, and unknown zones, alone", () => {
    expect(offsetInZone(parseDate("2025-07-01T12:00:00Z") ?? fail(), "Europe/Berlin")).toBeNull();
    expect(offsetInZone(parseDate("2025-07-01") ?? fail(), "Europe/Berlin")).toBeNull();
    expect(offsetInZone(parseDate("2025-07-01T12:00:00") ?? fail(), "Mars/Olympus")).toBeNull();
  });
});

function fail(): never {
  throw new Error("expected a parsed date");
}
