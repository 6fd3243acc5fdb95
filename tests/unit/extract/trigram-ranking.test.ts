import fc from "fast-check";
import { francAll } from "franc-min";
import { describe, expect, it } from "vitest";
import {
  closerNeighbour,
  rankLanguages,
} from "../../../functions/core/extract/metadata/trigram-ranking";

/** Sentences of several scripts and languages, written for this test. */
const SAMPLES = [
  "The night buses will run every twenty minutes from next week, the city council said on Monday.",
  "Die Nachtbusse fahren ab der kommenden Woche alle zwanzig Minuten, teilte die Stadt am Montag mit.",
  "Les bus de nuit circuleront toutes les vingt minutes à partir de la semaine prochaine.",
  "Los autobuses nocturnos pasarán cada veinte minutos a partir de la próxima semana.",
  "Nattbussarna går var tjugonde minut från och med nästa vecka, meddelade kommunen.",
  "Nachtbussen rijden vanaf volgende week elke twintig minuten, zei de gemeente maandag.",
  "Ночные автобусы будут ходить каждые двадцать минут со следующей недели.",
  "ستعمل الحافلات الليلية كل عشرين دقيقة اعتبارا من الأسبوع المقبل",
  "रात की बसें अगले सप्ताह से हर बीस मिनट पर चलेंगी, नगर परिषद ने कहा।",
  "夜间公交车从下周起每二十分钟一班，市议会周一表示。",
  "Οι νυχτερινές γραμμές θα εκτελούνται κάθε είκοσι λεπτά από την επόμενη εβδομάδα.",
  "12345 67890 !!! ??? ... --- +++ 2026-11-27",
  "",
  "short",
];

describe("rankLanguages", () => {
  it("gives franc-min's ranking, scores and order, on text of many scripts", () => {
    for (const text of SAMPLES) {
      for (const repeat of [1, 3, 30]) {
        const value = Array.from({ length: repeat }, () => text).join(" ");
        for (const minLength of [10, 40]) {
          expect(rankLanguages(value, minLength)).toEqual(francAll(value, { minLength }));
        }
      }
    }
  });

  it("agrees with franc-min on mixed and arbitrary text", () => {
    const pieces = fc.constantFrom(...SAMPLES, " ", "\n\t", "«»", "1.5", "Ab", "ÇÃ", "ß");
    fc.assert(
      fc.property(
        fc.array(fc.oneof(pieces, fc.string(), fc.string({ unit: "grapheme" })), { maxLength: 40 }),
        (parts) => {
          const value = parts.join("");
          expect(rankLanguages(value, 40)).toEqual(francAll(value, { minLength: 40 }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads at most franc's 2,048 characters of a long text", () => {
    const value = `${SAMPLES[1]} `.repeat(200) + `${SAMPLES[6]} `.repeat(200);
    expect(rankLanguages(value, 40)).toEqual(francAll(value, { minLength: 40 }));
    expect(rankLanguages(value, 40)[0]?.[0]).toBe("deu");
  });
});

describe("closerNeighbour", () => {
  it("leaves a language without a neighbour model as ranked", () => {
    for (const text of SAMPLES) {
      const best = rankLanguages(text, 10)[0]?.[0] ?? "und";
      expect(closerNeighbour(text, best)).toBe(best);
    }
    expect(closerNeighbour("anything at all", "constructor")).toBe("constructor");
  });

  it("keeps Zulu for Zulu text and finds Xhosa in Xhosa text", () => {
    const zulu = "Ngiyabonga kakhulu ngosizo lwakho, futhi izingane zifunda kahle esikoleni manje.";
    const xhosa =
      "Ndiyabulela kakhulu ngoncedo lwakho, kwaye abantwana bafunda kakuhle esikolweni ngoku.";
    expect(closerNeighbour(zulu, "zul")).toBe("zul");
    expect(closerNeighbour(xhosa, "zul")).toBe("xho");
  });
});
