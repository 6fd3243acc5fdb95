import { describe, expect, it } from "vitest";
import {
  looksLikePerson,
  normalizeAuthors,
  splitAuthors,
} from "../../../functions/core/extract/metadata/authors";

describe("splitAuthors", () => {
  const cases: Array<[string, string[]]> = [
    ["By Jane Doe", ["Jane Doe"]],
    ["BY JANE DOE", ["JANE DOE"]],
    ["By Jane Doe and John Roe", ["Jane Doe", "John Roe"]],
    ["Jane Doe, John Roe & Max Muster", ["Jane Doe", "John Roe", "Max Muster"]],
    ["Jane Doe, John Roe, and Max Muster", ["Jane Doe", "John Roe", "Max Muster"]],
    ["Von Max Muster und Erika Musterfrau", ["Max Muster", "Erika Musterfrau"]],
    ["Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]],
    ["Por Juan Pérez y Ana García", ["Juan Pérez", "Ana García"]],
    ["di Mario Rossi", ["Mario Rossi"]],
    ["Jane Doe, Staff Writer", ["Jane Doe"]],
    ["Jane Doe - Reporter", ["Jane Doe"]],
    ["Jane Doe (Correspondent)", ["Jane Doe"]],
    // A lone role word after a name is a surname as often as a title.
    ["By Ada Writer", ["Ada Writer"]],
    ["Ada Writer", ["Ada Writer"]],
    ["Jane Doe Senior Political Correspondent", ["Jane Doe"]],
    // A job title run into a full name without a comma.
    ["Jane Doe Content Marketing Coordinator", ["Jane Doe"]],
    ["Jane Doe Writer", ["Jane Doe"]],
    // Link labels of an author box, quotes around the name, a lead-in alone.
    ["Jane Doe View all posts", ["Jane Doe"]],
    ["John Roe Author Posts", ["John Roe"]],
    ['"Jane Doe"', ["Jane Doe"]],
    ["Written By", []],
    ["Learn More", []],
    ["Jane Doe | Reuters", ["Jane Doe"]],
    ["Reuters", ["Reuters"]],
    ["Jane Doe (dpa)", ["Jane Doe"]],
    ["Jane Doe jane.doe@example.com", ["Jane Doe"]],
    ["https://example.com/authors/jane-doe", []],
    ["Jane Doe @janedoe", ["Jane Doe"]],
    // A date before the name: the dateline the byline follows.
    ["May 22, 2024 · Jane Doe", ["Jane Doe"]],
    ["2024-05-22 | Jane Doe", ["Jane Doe"]],
    ["May 22, 2024 · 3 min read · By Jane Doe", ["Jane Doe"]],
    ["Wednesday, 22 May 2024 Jane Doe", ["Jane Doe"]],
    ["Dec. 19, 2025 · Jane Doe on behalf of the Example group", ["Jane Doe"]],
    ["May 22, 2024 Updated 10:15", []],
    // A date label with "Last" left once the date is cut.
    ["Jane Doe Last Updated: May 22, 2024", ["Jane Doe"]],
    // A team credited with a lower-case article.
    ["By the Example Team", ["the Example Team"]],
    ["By the numbers", []],
    // A template's placeholder left unfilled.
    ["{{ post.author }}", []],
    ["$" + "{author}", []],
    ["By Jane Doe, May 22, 2024", ["Jane Doe"]],
    ["By Jane Doe Updated 10:15 AM EDT", ["Jane Doe"]],
    ["Jane Doe 22.05.2024", ["Jane Doe"]],
    ["Ursula von der Leyen", ["Ursula von der Leyen"]],
    ["Leonardo Di Caprio", ["Leonardo Di Caprio"]],
    ["责编：张三、李四", ["张三", "李四"]],
    // Credentials are part of the byline as written; agencies are credits of their own.
    ["Rachel Roe, MS, RD", ["Rachel Roe, MS, RD"]],
    ["Rachel Roe, Ph.D.", ["Rachel Roe, Ph.D."]],
    ["Rachel Roe, AFP", ["Rachel Roe", "AFP"]],
    // A lead-in glued to the name, a place or topic after it.
    ["Written byJane Doe", ["Jane Doe"]],
    ["Written by:Jane Doe", ["Jane Doe"]],
    ["Jane Doe in Valencia", ["Jane Doe"]],
    ["Posted by Jane Doe on 2024-05-22 in news", ["Jane Doe"]],
    // A lower-case word inside a name that is not a person's is part of it.
    ["Human in the Loop", ["Human in the Loop"]],
    ["Written by Example On", ["Example On"]],
    // The connector left over once the date after it is cut.
    ["Posted by JDoe on Friday May 22, 2024", ["JDoe"]],
    // A date label left over once the date after it is cut.
    ["Jane Doe Last updated on 17 May 2024", ["Jane Doe"]],
    ["Jane Doe · Published", ["Jane Doe"]],
    // A description with a job title after a name and a comma: the byline as written.
    ["By Jane Doe, Home Security Expert", ["Jane Doe, Home Security Expert"]],
    ["Jane Doe, CEO of Example Corp", ["Jane Doe, CEO of Example Corp"]],
    [
      "Jane Doe, Master Gardener & Garden Educator",
      ["Jane Doe, Master Gardener & Garden Educator"],
    ],
    ["Jane Doe, Security Expert, and John Roe", ["Jane Doe", "John Roe"]],
    // A newsroom role is still cut, and a job title alone is no name.
    ["Jane Doe, Staff Writer", ["Jane Doe"]],
    ["Former Example Consultant", []],
    // Another role's credit after the author's.
    ["By Jane Doe, MD. Reviewed by John Roe, MD", ["Jane Doe, MD"]],
    ["Jane Doe | Edited by John Roe", ["Jane Doe"]],
    ["Von Max Muster, geprüft von Erika Musterfrau", ["Max Muster"]],
    ["Por Juan Pérez, revisado por Ana García", ["Juan Pérez"]],
    ["Текст: Анна Иванова", ["Анна Иванова"]],
    ["Jeff Doe Monday, May 22", ["Jeff Doe"]],
    ["Tom Doe Associated Press", ["Tom Doe", "Associated Press"]],
    ["The Associated Press", ["The Associated Press"]],
    ["Jane Doe. Example Agency", ["Jane Doe", "Example Agency"]],
    ["J. R. Doe", ["J. R. Doe"]],
    ["ROBERT ROE, AP National Security Writer", ["ROBERT ROE", "AP"]],
    ["dpa", ["dpa"]],
    ["Share", []],
    ["capital", []],
    ["(Image: Getty Images)", []],
  ];
  it.each(cases)("splits %j", (raw, expected) => {
    expect(splitAuthors(raw)).toEqual(expected);
  });
});

describe("normalizeAuthors", () => {
  it("deduplicates names case-insensitively across raw strings", () => {
    // Act
    const names = normalizeAuthors(["Jane Doe", "JANE DOE and John Roe", "john roe"], []);
    // Assess
    expect(names).toEqual(["Jane Doe", "John Roe"]);
  });

  it("drops the publisher when a person is named", () => {
    expect(normalizeAuthors(["Jane Doe, Example News"], ["Example News", "example.com"])).toEqual([
      "Jane Doe",
    ]);
  });

  it("does not take a person whose name begins like a short site name for the publisher", () => {
    expect(normalizeAuthors(["Nosheen Iqbal, Jane Doe"], ["nos.nl", "nos"])).toEqual([
      "Nosheen Iqbal",
      "Jane Doe",
    ]);
  });

  it("takes the site name with a suffix for the publisher", () => {
    expect(normalizeAuthors(["Jane Doe, Example News"], ["example.com", "example"])).toEqual([
      "Jane Doe",
    ]);
  });

  it("keeps the publisher when it is the only credit", () => {
    expect(normalizeAuthors(["Example News"], ["Example News"])).toEqual(["Example News"]);
  });
});

describe("looksLikePerson", () => {
  it.each([
    ["Jane Doe", true],
    ["Maria de la Cruz", true],
    ["J. R. Smith", true],
    ["张三", true],
    ["Europe", false],
    ["dpa", false],
    ["breaking news today", false],
  ])("%s → %s", (name, expected) => {
    expect(looksLikePerson(name)).toBe(expected);
  });
});

describe("splitAuthors with user names", () => {
  it("keeps a user name only when the source credits the author alone", () => {
    // Act
    const fromAuthorLink = splitAuthors("jdoe", { usernames: true });
    const fromText = splitAuthors("jdoe");
    // Assess
    expect(fromAuthorLink).toEqual(["jdoe"]);
    expect(fromText).toEqual([]);
  });

  it("keeps a lower-case name from an author link", () => {
    expect(splitAuthors("jane doe", { usernames: true })).toEqual(["jane doe"]);
  });
});

describe("normalizeAuthors with a name run into what follows it", () => {
  it("keeps the name given alone", () => {
    // Act
    const names = normalizeAuthors(["Jane DoePublished", "Jane Doe", "John Roe Head Gardener"], []);
    // Assess
    expect(names).toEqual(["Jane Doe", "John Roe Head Gardener"]);
  });
});

describe("normalizeAuthors with a desk of the publisher", () => {
  it("keeps a desk credited beside a person in a markup field", () => {
    // Act
    const names = normalizeAuthors(["Jane Doe", "EXAMPLE SACHSEN"], ["example.de", "example"], {
      asWritten: true,
    });
    // Assess
    expect(names).toEqual(["Jane Doe", "EXAMPLE SACHSEN"]);
  });

  it("drops the publisher's own name, whole or shortened", () => {
    // Act
    const whole = normalizeAuthors(["Jane Doe", "Example News"], ["Example News"], {
      asWritten: true,
    });
    const shortened = normalizeAuthors(["Jane Doe", "Example"], ["Example News"], {
      asWritten: true,
    });
    // Assess
    expect(whole).toEqual(["Jane Doe"]);
    expect(shortened).toEqual(["Jane Doe"]);
  });

  it("drops a desk from visible text, where the site name is chrome", () => {
    // Act
    const names = normalizeAuthors(["Jane Doe", "Example Sachsen"], ["example.de", "example"]);
    // Assess
    expect(names).toEqual(["Jane Doe"]);
  });
});
