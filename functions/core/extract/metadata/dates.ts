/**
 * Date parsing: turns the many ways pages state a date (ISO 8601, RFC 2822, epoch numbers,
 * "22. Mai 2024, 10:15 Uhr", "May 22, 2024 10:15 AM EDT", the URL path) into an instant.
 */

export interface ParsedDate {
  /** ISO 8601 in UTC, e.g. `2024-05-22T08:15:00.000Z`. A date without a time is midnight UTC. */
  utc: string;
  /** As the page states it: `2024-05-22T10:15:00+02:00`, `2024-05-22T10:15:00` or `2024-05-22`. */
  local: string;
  hasTime: boolean;
  hasOffset: boolean;
  /** Minutes east of UTC when the page states the offset, else null. */
  offsetMinutes: number | null;
  /** Calendar day as stated on the page (before conversion to UTC). */
  localDay: string;
  /**
   * Set on a numeric date whose day and month could be read either way ("03/09/2026"): the
   * other reading's calendar day, for a caller that can check it against other sources.
   */
  otherReading?: string;
}

/** How to read a numeric date whose first two numbers could both be the month. */
export interface ParseOptions {
  /** Day first ("03/09/2026" is 3 September), as outside US English; default month first for slashes. */
  dayFirst?: boolean;
}

/** Years outside this range are treated as parse errors (placeholders, epoch zero, typos). */
const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

/** Month names and abbreviations in the languages most news pages use (accents removed). */
const MONTHS: Record<string, number> = {};
const MONTH_NAMES: string[][] = [
  // en, de, fr, es, it, pt, nl, da/no/sv, pl (nominative + genitive), cs (genitive), tr
  [
    "january",
    "januar",
    "janvier",
    "enero",
    "gennaio",
    "janeiro",
    "januari",
    "jan",
    "jänner",
    "janner",
    "stycznia",
    "styczen",
    "ledna",
    "ocak",
  ],
  [
    "february",
    "februar",
    "fevrier",
    "febrero",
    "febbraio",
    "fevereiro",
    "februari",
    "feb",
    "lutego",
    "luty",
    "unora",
    "subat",
  ],
  [
    "march",
    "marz",
    "maerz",
    "mars",
    "marzo",
    "marco",
    "maart",
    "mar",
    "marca",
    "marzec",
    "brezna",
    "mart",
  ],
  ["april", "avril", "abril", "aprile", "apr", "kwietnia", "kwiecien", "dubna", "nisan"],
  ["may", "mai", "mayo", "maggio", "maio", "mei", "maj", "maja", "kvetna", "mayis"],
  [
    "june",
    "juni",
    "juin",
    "junio",
    "giugno",
    "junho",
    "jun",
    "czerwca",
    "czerwiec",
    "cervna",
    "haziran",
  ],
  [
    "july",
    "juli",
    "juillet",
    "julio",
    "luglio",
    "julho",
    "jul",
    "lipca",
    "lipiec",
    "cervence",
    "temmuz",
  ],
  ["august", "aout", "agosto", "augustus", "aug", "sierpnia", "sierpien", "srpna", "agustos"],
  [
    "september",
    "septembre",
    "septiembre",
    "settembre",
    "setembro",
    "sep",
    "sept",
    "wrzesnia",
    "wrzesien",
    "zari",
    "eylul",
  ],
  [
    "october",
    "oktober",
    "octobre",
    "octubre",
    "ottobre",
    "outubro",
    "okt",
    "oct",
    "pazdziernika",
    "pazdziernik",
    "rijna",
    "ekim",
  ],
  [
    "november",
    "novembre",
    "noviembre",
    "novembro",
    "nov",
    "listopada",
    "listopad",
    "listopadu",
    "kasim",
  ],
  [
    "december",
    "dezember",
    "decembre",
    "diciembre",
    "dicembre",
    "dezembro",
    "dec",
    "dez",
    "grudnia",
    "grudzien",
    "prosince",
    "aralik",
  ],
];
MONTH_NAMES.forEach((names, index) => {
  for (const name of names) MONTHS[name] = index + 1;
});

/** Time-zone abbreviations seen in datelines, as minutes east of UTC. */
const ZONE_OFFSETS: Record<string, number> = {
  utc: 0,
  gmt: 0,
  z: 0,
  wet: 0,
  bst: 60,
  ist: 60, // Irish Standard Time in European datelines (India uses +05:30 written out)
  cet: 60,
  mez: 60,
  cest: 120,
  mesz: 120,
  eet: 120,
  eest: 180,
  msk: 180,
  est: -300,
  edt: -240,
  cst: -360,
  cdt: -300,
  mst: -420,
  mdt: -360,
  pst: -480,
  pdt: -420,
  aest: 600,
  aedt: 660,
  jst: 540,
  kst: 540,
};

/** The month a name or abbreviation stands for (any case, accents ignored); own keys only. */
function monthNumber(name: string): number | undefined {
  const key = stripAccents(name.toLowerCase());
  return Object.hasOwn(MONTHS, key) ? MONTHS[key] : undefined;
}

function pad(value: number, width = 2): string {
  return String(Math.abs(value)).padStart(width, "0");
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  return `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  /** Minutes east of UTC; undefined when the page does not say. */
  offset?: number;
}

function build(parts: Parts): ParsedDate | null {
  const { year, month, day } = parts;
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > 31) {
    return null;
  }
  const hasTime = parts.hour !== undefined;
  const hour = parts.hour ?? 0;
  const minute = parts.minute ?? 0;
  const second = parts.second ?? 0;
  if (hour > 24 || minute > 59 || second > 60) return null;
  const hasOffset = hasTime && parts.offset !== undefined;
  const offset = hasOffset ? (parts.offset ?? 0) : 0;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000;
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return null; // 31 February and friends
  const localDay = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  let local = localDay;
  if (hasTime) {
    local += `T${pad(hour)}:${pad(minute)}:${pad(second)}`;
    if (hasOffset) local += formatOffset(offset);
  }
  return {
    utc: new Date(ms).toISOString(),
    local,
    hasTime,
    hasOffset,
    offsetMinutes: hasOffset ? offset : null,
    localDay,
  };
}

function parseOffset(raw: string | undefined): number | undefined {
  if (!raw) return undefined;
  const text = raw.trim().toLowerCase();
  if (Object.hasOwn(ZONE_OFFSETS, text)) return ZONE_OFFSETS[text];
  const match = /^(?:utc|gmt)?\s*([+-])(\d{1,2}):?(\d{2})?$/.exec(text);
  if (!match) return undefined;
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  return match[1] === "-" ? -minutes : minutes;
}

/** ISO 8601 and its common variants: `2024-05-22`, `2024-05-22 10:15`, `2024-05-22T10:15:00.000+0200`. */
const ISO_PATTERN =
  /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:(?:T|\s+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?|[A-Z]{2,5})?)?/i;

/** Compact forms: `20240522`, `20240522101500`. */
const COMPACT_PATTERN = /^(\d{4})(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?)?(Z)?$/;

function parseIso(text: string): ParsedDate | null {
  const match = ISO_PATTERN.exec(text) ?? COMPACT_PATTERN.exec(text);
  if (!match) return null;
  const offset = parseOffset(match[7]);
  return build({
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: match[4] === undefined ? undefined : Number(match[4]),
    minute: match[5] === undefined ? undefined : Number(match[5]),
    second: match[6] === undefined ? undefined : Number(match[6]),
    offset,
  });
}

/** Unix time in seconds (10 digits) or milliseconds (13 digits). */
function parseEpoch(text: string): ParsedDate | null {
  if (!/^\d{10}(\d{3})?$/.test(text)) return null;
  const ms = text.length === 13 ? Number(text) : Number(text) * 1000;
  const date = new Date(ms);
  return build({
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    offset: 0,
  });
}

function stripAccents(value: string): string {
  return value.normalize("NFD").replace(/\p{M}/gu, "");
}

/** Words that say a dateline's time is afternoon. */
const PM_PATTERN = /^(pm|p\.m\.?|nachm\.?)$/i;
const AM_PATTERN = /^(am|a\.m\.?|vorm\.?)$/i;

/**
 * A numeric day-month-year (22.05.2024, 05/22/2024, 22-05-24), not part of a longer run of
 * digits ("24/7/365" is no date).
 */
const NUMERIC_DATE = /(?<![\d.])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d|\.\d)/;
/** Two numeric dates joined by a dash: a period, not the day a text was written. */
const NUMERIC_PERIOD =
  /(?<![\d.])\d{1,2}([./-])\d{1,2}\1(?:\d{4}|\d{2})\s*[-\u2013\u2014]\s*\d{1,2}([./-])\d{1,2}\2(?:\d{4}|\d{2})(?!\d)/;

/**
 * Free-text dates as shown in datelines: "May 22, 2024 10:15 AM EDT", "22. Mai 2024 um 10:15 Uhr",
 * "22.05.2024, 10:15", "Wed, 22 May 2024 08:15:00 GMT", "05/22/2024".
 */
function parseText(input: string, options: ParseOptions): ParsedDate | null {
  // A label glued to the month ("PublishedFeb 2, 2023") is split at the change of case.
  const text = stripAccents(input.replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2").toLowerCase());
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;

  // Numeric day-month-year: 22.05.2024 / 22-05-2024 / 05/22/2024. When both of the first two
  // numbers could be the month, slashes are read month first (US order) unless the page's
  // locale reads day first, dots and dashes day first; a second number above 12 is the day.
  const numeric = NUMERIC_DATE.exec(text);
  // A period ("1/27/2026 - 3/24/2026", "12.01.26 – 10.04.26") is an event's or an offer's.
  // A date stated before the period ("Published 03.05.2024 · Event 12.06. - 14.06.2024") stands.
  const period = numeric ? NUMERIC_PERIOD.exec(text) : null;
  if (numeric && period && numeric.index >= period.index) return null;
  let ambiguous = false;
  if (numeric) {
    let first = Number(numeric[1]);
    let second = Number(numeric[3]);
    ambiguous = first !== second && first <= 12 && second <= 12;
    const monthFirst = numeric[2] === "/" && !options.dayFirst;
    if (second > 12 && first <= 12) [first, second] = [second, first];
    else if (ambiguous && monthFirst) [first, second] = [second, first];
    day = first;
    month = second;
    const rawYear = numeric[4] ?? "";
    year = rawYear.length === 2 ? 2000 + Number(rawYear) : Number(rawYear);
  } else {
    const words = text.match(/[a-z]+|\d+/g) ?? [];
    for (let i = 0; i < words.length; i += 1) {
      const word = words[i] ?? "";
      // Own keys only: "constructor" in a dateline is not a month.
      if (month === undefined && Object.hasOwn(MONTHS, word)) {
        month = MONTHS[word];
        // The day is the number right before ("22 May") or right after ("May 22").
        const before = Number(words[i - 1]);
        const after = Number(words[i + 1]);
        if (words[i - 1] && /^\d{1,2}$/.test(words[i - 1] ?? "") && before >= 1 && before <= 31) {
          day = before;
        } else if (/^\d{1,2}$/.test(words[i + 1] ?? "") && after >= 1 && after <= 31) {
          day = after;
        }
      } else if (year === undefined && /^\d{4}$/.test(word)) {
        year = Number(word);
      }
    }
  }
  if (year === undefined || month === undefined || day === undefined) return null;

  // Time: 10:15, 10:15:30, 10.15 Uhr, 10h15, with am/pm and a zone.
  const time =
    /(?<![\d.:])(\d{1,2})(?::|h|\.(?=\d{2}\s*(?:uhr|h\b)))(\d{2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?|nachm\.?|vorm\.?)?\s*(?:uhr|h\b)?\s*(\(?(?:utc|gmt)?\s*[+-]\d{1,2}(?::?\d{2})?\)?|[a-z]{2,5}\b)?/.exec(
      text.replace(numeric?.[0] ?? "\u0000", " "),
    );
  let hour: number | undefined;
  let minute: number | undefined;
  let second: number | undefined;
  let offset: number | undefined;
  if (time) {
    hour = Number(time[1]);
    minute = Number(time[2]);
    second = time[3] === undefined ? undefined : Number(time[3]);
    const meridiem = time[4] ?? "";
    if (PM_PATTERN.test(meridiem) && hour < 12) hour += 12;
    if (AM_PATTERN.test(meridiem) && hour === 12) hour = 0;
    offset = parseOffset(time[5]?.replace(/[()]/g, ""));
  }
  const parsed = build({ year, month, day, hour, minute, second, offset });
  if (!parsed || !ambiguous) return parsed;
  const other = build({ year, month: day, day: month });
  return other ? { ...parsed, otherReading: other.localDay } : parsed;
}

/** Parses a date as found in markup or text; null when it holds no recognisable date. */
export function parseDate(
  value: string | null | undefined,
  options: ParseOptions = {},
): ParsedDate | null {
  if (!value) return null;
  const text = value.trim();
  if (!text || text.length > 200) return null;
  return parseEpoch(text) ?? parseIso(text) ?? parseText(text, options);
}

/** The same date with day and month read the other way round (see `otherReading`). */
export function inOtherOrder(date: ParsedDate): ParsedDate | null {
  if (!date.otherReading) return null;
  const [y, mo, d] = date.otherReading.split("-").map(Number);
  const match = /T(\d{2}):(\d{2}):(\d{2})/.exec(date.local);
  const swapped = build({
    year: y ?? 0,
    month: mo ?? 0,
    day: d ?? 0,
    hour: match ? Number(match[1]) : undefined,
    minute: match ? Number(match[2]) : undefined,
    second: match ? Number(match[3]) : undefined,
    offset: date.offsetMinutes ?? undefined,
  });
  return swapped ? { ...swapped, otherReading: date.localDay } : null;
}

/** Date in the URL path: `/2024/05/22/`, `/2024-05-22/`, `/20240522/`; day precision only. */
export function dateFromUrl(url: string): ParsedDate | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const match =
    /\/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/_+.-]|$)/.exec(path) ??
    /[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)/.exec(path);
  if (!match) {
    // The month by name: `/2024/may/22/`, `/2024/october/03/`.
    const named = /\/((?:19|20)\d{2})\/([a-z]{3,9})\/(\d{1,2})(?:\/|$)/i.exec(path);
    const month = named ? monthNumber(named[2] ?? "") : undefined;
    if (!named || month === undefined) return null;
    return build({ year: Number(named[1]), month, day: Number(named[3]) });
  }
  return build({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) });
}

/**
 * The same wall-clock time read in the zone `offsetMinutes` east of UTC; used when a page states
 * its offset on one date but not on another. Dates that already have an offset or no time are
 * returned unchanged.
 */
export function withOffset(date: ParsedDate, offsetMinutes: number): ParsedDate {
  if (date.hasOffset || !date.hasTime) return date;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(date.local);
  if (!match) return date;
  return (
    build({
      year: Number(match[1]),
      month: Number(match[2]),
      day: Number(match[3]),
      hour: Number(match[4]),
      minute: Number(match[5]),
      second: Number(match[6]),
      offset: offsetMinutes,
    }) ?? date
  );
}

/**
 * The zone of a site on the country-code domain of a country with a single time zone (and no
 * generic use of its domain): a time such a site states without an offset is read there.
 */
const COUNTRY_ZONES: Record<string, string> = {
  at: "Europe/Vienna",
  be: "Europe/Brussels",
  bg: "Europe/Sofia",
  ch: "Europe/Zurich",
  cz: "Europe/Prague",
  de: "Europe/Berlin",
  dk: "Europe/Copenhagen",
  ee: "Europe/Tallinn",
  es: "Europe/Madrid",
  fi: "Europe/Helsinki",
  fr: "Europe/Paris",
  gr: "Europe/Athens",
  hr: "Europe/Zagreb",
  hu: "Europe/Budapest",
  ie: "Europe/Dublin",
  it: "Europe/Rome",
  lt: "Europe/Vilnius",
  lu: "Europe/Luxembourg",
  lv: "Europe/Riga",
  nl: "Europe/Amsterdam",
  no: "Europe/Oslo",
  pl: "Europe/Warsaw",
  pt: "Europe/Lisbon",
  ro: "Europe/Bucharest",
  rs: "Europe/Belgrade",
  se: "Europe/Stockholm",
  si: "Europe/Ljubljana",
  sk: "Europe/Bratislava",
  tr: "Europe/Istanbul",
  uk: "Europe/London",
  il: "Asia/Jerusalem",
  jp: "Asia/Tokyo",
  kr: "Asia/Seoul",
  cn: "Asia/Shanghai",
  tw: "Asia/Taipei",
  hk: "Asia/Hong_Kong",
  sg: "Asia/Singapore",
  za: "Africa/Johannesburg",
};

/** The zone a page's offset-less times are read in, from its host's country domain; else null. */
export function zoneOfUrl(url: string): string | null {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  const tld = host.slice(host.lastIndexOf(".") + 1);
  return Object.hasOwn(COUNTRY_ZONES, tld) ? (COUNTRY_ZONES[tld] ?? null) : null;
}

const zoneFormatters = new Map<string, Intl.DateTimeFormat | null>();

/** Minutes east of UTC in `zone` at the instant `ms`; null when the runtime does not know the zone. */
function zoneOffsetAt(ms: number, zone: string): number | null {
  let format = zoneFormatters.get(zone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
      });
    } catch {
      format = null;
    }
    zoneFormatters.set(zone, format);
  }
  if (!format) return null;
  const part: Record<string, number> = {};
  for (const { type, value } of format.formatToParts(new Date(ms))) part[type] = Number(value);
  const wall = Date.UTC(
    part.year ?? 0,
    (part.month ?? 1) - 1,
    part.day ?? 1,
    (part.hour ?? 0) % 24,
    part.minute ?? 0,
  );
  const offset = Math.round((wall - Math.floor(ms / 60_000) * 60_000) / 60_000);
  return Number.isFinite(offset) ? offset : null;
}

/**
 * The offset `zone` had at the wall-clock time of `date` (summer time included); null for a
 * date without a time or with its own offset, or an unknown zone.
 */
export function offsetInZone(date: ParsedDate, zone: string): number | null {
  if (!date.hasTime || date.hasOffset) return null;
  const wall = Date.parse(`${date.local}Z`);
  if (Number.isNaN(wall)) return null;
  const guess = zoneOffsetAt(wall, zone);
  if (guess === null) return null;
  return zoneOffsetAt(wall - guess * 60_000, zone);
}
