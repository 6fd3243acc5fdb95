/**
 * `francAll` of franc-min, computed the same way on the same data but faster: the ranking of
 * languages by trigram distance, with the same numbers in the same order.
 *
 * franc looks every trigram of the sample up in every language's model (a dictionary of about
 * 300 trigrams each), so a sample of 1,200 characters costs some 60,000 dictionary lookups on
 * Latin text. Here the models of a script are turned once into one table keyed by trigram that
 * holds the trigram's rank in every language of the script, so each trigram of the sample is
 * looked up once. The distance of a language is the same sum franc computes (integers, so the
 * order of the terms does not matter), and the languages are sorted the same stable way, so the
 * result is franc's exactly (tests/unit/extract/trigram-ranking.test.ts compares the two).
 */
import { data } from "franc-min/data.js";
import { expressions } from "franc-min/expressions.js";
import { NEIGHBOUR_MODELS } from "./neighbour-models";

/** franc's bounds: the sample it reads, and the distance of a trigram a model lacks. */
const MAX_LENGTH = 2048;
const MAX_DIFFERENCE = 300;

interface ScriptModels {
  languages: string[];
  /** Per trigram: its rank in each language's model, or -1 where the model lacks it. */
  ranks: Map<string, Int16Array>;
}

const models = new Map<string, ScriptModels>();

/** The table of one script, built on first use (as franc builds its dictionaries at load). */
function modelsOf(script: string): ScriptModels | null {
  const known = models.get(script);
  if (known) return known;
  if (!Object.hasOwn(data, script)) return null;
  const byLanguage = data[script] as Record<string, string>;
  const languages = Object.keys(byLanguage);
  const ranks = new Map<string, Int16Array>();
  languages.forEach((language, l) => {
    const model = (byLanguage[language] as string).split("|");
    // franc keeps the first rank of a trigram listed twice.
    for (let rank = model.length - 1; rank >= 0; rank--) {
      const trigram = model[rank] as string;
      let row = ranks.get(trigram);
      if (!row) {
        row = new Int16Array(languages.length).fill(-1);
        ranks.set(trigram, row);
      }
      row[l] = rank;
    }
  });
  const built = { languages, ranks };
  models.set(script, built);
  return built;
}

/** The script whose characters occur most in `value` (franc's `getTopScript`), with its share. */
function topScript(value: string): [string | undefined, number] {
  let topCount = -1;
  let top: string | undefined;
  for (const script in expressions) {
    if (!Object.hasOwn(expressions, script)) continue;
    const found = value.match(expressions[script] as RegExp);
    const count = (found ? found.length : 0) / value.length || 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  }
  return [top, topCount];
}

/** Trigram counts of `value` as franc's `trigram-utils` makes them (cleaned, padded). */
function trigramCounts(value: string): Map<string, number> {
  const cleaned = ` ${value
    .replace(/[\u0021-\u0040]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .toLowerCase()} `;
  const counts = new Map<string, number>();
  for (let i = 0; i + 3 <= cleaned.length; i++) {
    const trigram = cleaned.slice(i, i + 3);
    counts.set(trigram, (counts.get(trigram) ?? 0) + 1);
  }
  return counts;
}

/** `francAll(value, { minLength })`: languages (ISO 639-3) with franc's relative scores, best first. */
export function rankLanguages(value: string, minLength: number): Array<[string, number]> {
  if (!value || value.length < minLength) return [["und", 1]];
  const sample = value.slice(0, MAX_LENGTH);
  const [script, share] = topScript(sample);
  const scriptModels = script === undefined ? null : modelsOf(script);
  if (!script || !scriptModels) {
    if (!script || share === 0) return [["und", 1]];
    return [[script, 1]];
  }
  const { languages, ranks } = scriptModels;
  const distance = new Array<number>(languages.length).fill(0);
  let missingEverywhere = 0;
  for (const [trigram, count] of trigramCounts(sample)) {
    const row = ranks.get(trigram);
    if (!row) {
      missingEverywhere += MAX_DIFFERENCE;
      continue;
    }
    for (let l = 0; l < row.length; l++) {
      const rank = row[l] as number;
      if (rank < 0) distance[l] = (distance[l] as number) + MAX_DIFFERENCE;
      else {
        const difference = count - rank - 1;
        distance[l] = (distance[l] as number) + (difference < 0 ? -difference : difference);
      }
    }
  }
  const ranked: Array<[string, number]> = languages.map((language, l) => [
    language,
    (distance[l] as number) + missingEverywhere,
  ]);
  ranked.sort((a, b) => a[1] - b[1]);
  // franc's normalisation: best = 1, relative to the largest possible distance.
  const min = ranked[0]?.[1] ?? 0;
  const max = sample.length * MAX_DIFFERENCE - min;
  for (const entry of ranked) entry[1] = 1 - (entry[1] - min) / max || 0;
  return ranked;
}

/** A model string turned into trigram → rank (franc keeps the first rank of a repeat). */
const neighbourRanks = new Map<string, Map<string, number>>();

function ranksOf(model: string): Map<string, number> {
  const known = neighbourRanks.get(model);
  if (known) return known;
  const ranks = new Map<string, number>();
  model.split("|").forEach((trigram, rank) => {
    if (!ranks.has(trigram)) ranks.set(trigram, rank);
  });
  neighbourRanks.set(model, ranks);
  return ranks;
}

/** franc's distance of a sample's trigram counts to one language's model. */
function distanceTo(counts: Map<string, number>, ranks: Map<string, number>): number {
  let distance = 0;
  for (const [trigram, count] of counts) {
    const rank = ranks.get(trigram);
    distance += rank === undefined ? MAX_DIFFERENCE : Math.abs(count - rank - 1);
  }
  return distance;
}

/**
 * The language among `best` (franc-min's choice, ISO 639-3) and its close neighbours that
 * franc-min lacks (NEIGHBOUR_MODELS: Xhosa beside Zulu) whose model is nearest to the sample,
 * by franc's own distance; `best` when it has no such neighbour or stays nearest (ties too).
 */
export function closerNeighbour(value: string, best: string): string {
  const neighbours = Object.hasOwn(NEIGHBOUR_MODELS, best) ? NEIGHBOUR_MODELS[best] : undefined;
  const own = (data.Latin as Record<string, string>)[best];
  if (!neighbours || !own) return best;
  const counts = trigramCounts(value.slice(0, MAX_LENGTH));
  let chosen = best;
  let nearest = distanceTo(counts, ranksOf(own));
  for (const [language, model] of Object.entries(neighbours)) {
    const distance = distanceTo(counts, ranksOf(model));
    if (distance < nearest) {
      chosen = language;
      nearest = distance;
    }
  }
  return chosen;
}
