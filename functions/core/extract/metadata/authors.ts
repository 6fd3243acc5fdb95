/**
 * Author cleaning: turns raw byline strings ("By Jane Doe and John Roe, Staff Reporter | Agency",
 * "Von Max Muster, dpa", "jane@example.com") into a deduplicated list of names.
 */
import { cleanText, compareKey, decodeEntities, looksLikeUrl, uniqueBy } from "./text";

/** Lead-in words before a byline, in the languages the extractor meets most (regex sources). */
const BYLINE_LEAD_INS = [
  String.raw`(?:written|reported|reporting|words|text|story|interview|compiled|edited|posted|published|updated)\s+by`, // "Written by"
  "by|from", // English
  "von|vom", // German
  String.raw`ein\s+(?:kommentar|gastbeitrag|interview)\s+von|kommentar\s+von|ein\s+beitrag\s+von`, // German: "Ein Kommentar von"
  "text(?:e)?|autor(?:in|en)?|author(?:s)?|tekst|texto|testo", // "Text: ...", "Autorin: ..."
  "par|por|door|av|af|od|ve", // French, Spanish/Portuguese, Dutch, Scandinavian, Polish/Czech, Czech
  "redaktion|reporter", // desk credits
];
/** The same in Chinese ("作者：..."), where no space follows the lead-in. */
const CJK_BYLINE_LEAD_INS = ["作者", "记者", "责编", "编辑", "文"];
const BYLINE_PREFIX = new RegExp(
  String.raw`^(?:${BYLINE_LEAD_INS.join("|")})(?:\s*[:\-–—]\s*|\s+)|^(?:${CJK_BYLINE_LEAD_INS.join("|")})\s*[：:／/]?\s*`,
  "i",
);

/** Italian/Spanish/Portuguese lead-ins, lower case only so that "Di Maio" and "De Niro" survive. */
const LOWERCASE_PREFIX = /^(?:di|de|da)\s+(?=\p{Lu})/u;

/** Separators between several people in one byline string. */
const NAME_SEPARATORS =
  /\s*(?:,\s*(?:and|und|et|y|e|og|och|en)\s|[,;|/•·\n、，；]|&|\+|\s(?:and|und|et|y|e|og|och|en|i|a|und\s+von|with|mit|avec|con|com)\s)\s*/i;

/** Job titles that follow a name ("Jane Doe, Staff Writer"); a trailing one is removed. */
const CORE_ROLES = [
  "reporter",
  "correspondent",
  "korrespondent(?:in)?",
  "writer",
  "editor",
  "columnist",
  "journalist",
  "photographer",
  "producer",
  "analyst",
  "contributor",
  "redakteur(?:in)?",
  "redaktor(?:ka)?",
  "kolumnist(?:in)?",
  "chefredakteur(?:in)?",
  "ressortleiter(?:in)?",
  "volontär(?:in)?",
  "mitarbeiter(?:in)?",
  "journaliste",
  "envoyée?\\s+spéciale?",
  "corresponsal",
  "periodista",
  "redactor(?:a)?",
  "giornalista",
  "inviato",
];

/** Words that qualify a job title ("Senior Political Correspondent"). */
const ROLE_MODIFIERS = [
  "staff",
  "senior",
  "chief",
  "deputy",
  "managing",
  "contributing",
  "associate",
  "political",
  "economics",
  "business",
  "sports?",
  "science",
  "health",
  "technology",
  "tech",
  "news",
  "foreign",
  "national",
  "international",
  "white house",
  "investigations?",
  "investigative",
  "freie?r?",
  "leitende?r?",
  "security",
  "affairs",
  "politics",
  "education",
  "legal",
  "courts?",
  "medical",
  "environment(?:al)?",
  "climate",
  "energy",
  "markets?",
  "finance",
  "entertainment",
  "culture",
  "arts",
  "food",
  "travel",
  "fashion",
  "music",
  "film",
  "weather",
  "data",
  "digital",
  "breaking",
  "metro",
  "local",
  "state",
  "regional",
];

/** Wire agencies (names bylines glue to or pipe after a person), as regex sources. */
const AGENCY_NAME_LIST = [
  String.raw`(?:the\s+)?associated\s+press`,
  "reuters",
  String.raw`afp|agence\s+france-presse`,
  "dpa|kna|epd", // German agencies
  "bloomberg",
  "efe|ansa|apa", // Spanish, Italian, Austrian
  "upi",
  "xinhua|kyodo|yonhap", // Chinese, Japanese, Korean
  String.raw`tass|ria\s+novosti`, // Russian
  String.raw`press\s+association`,
  String.raw`usa\s+today`,
];
const AGENCY_NAMES = AGENCY_NAME_LIST.join("|");

/** An agency glued to a name ("Tom Doe Associated Press"); split off as its own credit. */
const WIRE_AGENCIES = new RegExp(`\\s+(${AGENCY_NAMES})$`, "i");

/** An agency credited behind a pipe after a name ("Jane Doe | AFP"): boilerplate, removed. */
const PIPE_AGENCY_TAIL = new RegExp(`(?<=\\p{L}[^|]*)\\s*\\|\\s*(?:${AGENCY_NAMES})\\s*$`, "iu");

/** Agencies written in lower case by convention ("dpa", "epd"), kept despite the capital-letter rule. */
const WIRE_AGENCY_NAME = /^(?:dpa|epd|kna|apa|sid|afp|ap|ots|sda|ansa|efe)$/i;

/** Words that, alone or together, are a role or credit rather than a name. */
const ROLE_ONLY_WORDS = [
  ...CORE_ROLES,
  ...ROLE_MODIFIERS,
  "autor(?:in)?",
  "author",
  "photos?",
  "fotos?",
  "video",
  "graphics",
  "illustrations?",
  "updated",
  "aktualisiert",
  "written",
  "by",
  "published",
  "veröffentlicht",
  "the",
  "for",
  "of",
  "at",
  "in",
  "&",
];
const ROLE_ONLY = new RegExp(`^(?:(?:${ROLE_ONLY_WORDS.join("|")})\\b\\s*)+$`, "i");
/**
 * A job title after a name: set off by a comma, dash or parenthesis ("Jane Doe, Reporter"),
 * or qualified ("Jane Doe Senior Editor"). A lone capitalised role word after a name with
 * only a space is a surname as often as a title ("Ada Writer", "Tom Reporter"), so it stays.
 */
const TRAILING_ROLE = new RegExp(
  `(?:\\s*[,–—(]|\\s+-)\\s*(?:(?:${ROLE_MODIFIERS.join("|")})\\s+)*(?:${CORE_ROLES.join("|")})\\)?$` +
    `|\\s+(?:(?:${ROLE_MODIFIERS.join("|")})\\s+)+(?:${CORE_ROLES.join("|")})$`,
  "i",
);

/** Phrases that mark the end of the names in a byline ("Jane Doe, 22 May 2024", "Jane Doe Updated 10:15"). */
/** Weekday names that start a dateline glued to a byline ("Jeff Doe Monday, May 22"). */
const WEEKDAYS = [
  "monday|tuesday|wednesday|thursday|friday|saturday|sunday",
  "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag",
  "lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche",
  "lunes|martes|miércoles|jueves|viernes|sábado|domingo",
];
const WEEKDAY_TAIL = new RegExp(String.raw`\s+(?:${WEEKDAYS.join("|")})\b.*$`, "i");

const TAIL_CUT =
  /\s*(?:\b(?:(?:last\s+)?updated|published|posted|aktualisiert|veröffentlicht|stand|publié|mis à jour|actualizado|publicado|aggiornato|on|am|le|el|il|den)\b\s*:?\s*)?(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|\b\d{1,2}\.?\s+[a-zäéû]{3,}\.?\s+\d{4}|\b[a-z]{3,}\.?\s+\d{1,2},?\s+\d{4}).*$/i;

/**
 * A date before the name ("Dec. 19, 2025 · Jane Doe", "2024-05-22 | Jane Doe", "Monday, 22 May
 * 2024 Jane Doe", "May 22, 2024 · 3 min read · By Jane Doe"): a dateline (and reading time)
 * the byline follows, removed so that the name after it is read.
 */
const LEADING_DATE = new RegExp(
  String.raw`^(?:(?:${WEEKDAYS.join("|")}|[a-z]{3})\.?,?\s+)?(?:\p{L}{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\.?\s+\p{L}{3,9}\.?,?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})(?:\s*[·•|,–—-]\s*\d{1,3}\s*min(?:ute)?s?(?:\s+read)?)?(?:\s*[·•|,–—-])?\s+(?=\p{Lu})`,
  "iu",
);

/** A calendar date in a text ("May 22, 2024", "22. Mai 2024", "2024-05-22", "22.05.2024"). */
const DATE_IN_TEXT =
  /\d{4}-\d{2}-\d{2}|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}|\b\p{L}{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\b\d{1,2}\.?\s+\p{L}{3,9}\.?,?\s+\d{4}/u;

/** The text without its dates and reading times ("5 min read"). */
export function withoutDates(text: string): string {
  return text
    .replace(new RegExp(DATE_IN_TEXT.source, "gu"), " ")
    .replace(/\b\d+\s*min(?:ute)?s?(?:\s+read)?\b/giu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** True when a byline text also holds a date: a "date and author" line. */
export function holdsDate(text: string): boolean {
  return DATE_IN_TEXT.test(text);
}

/** A date label left after a name once its date is cut ("Jane Doe Last updated", "Jane Doe · Published"). */
const LABEL_TAIL =
  /(?<=\p{L})[\s·•|,]+(?:last\s+)?(?:updated|modified|published|posted|aktualisiert|veröffentlicht|publié|publicado|pubblicato)\b.*$/iu;

/**
 * Another role's credit after the author's ("Jane Doe. Reviewed by John Roe", "Jane Doe |
 * Edited by ...", "Jane Doe, geprüft von ..."): cut off with what follows.
 */
const OTHER_ROLE_TAIL =
  /(?<=\p{L}.*)[\s.,;|·•]+(?:(?:(?:medically|expert)\s+)?reviewed|edited|fact[-\s]?checked|researched|illustrated|photographed|translated|verified)\s+by\b.*$|(?<=\p{L}.*)[\s.,;|·•]+(?:geprüft|überprüft|redigiert|bearbeitet)\s+von\b.*$|(?<=\p{L}.*)[\s.,;|·•]+(?:relu|révisé|vérifié)\s+par\b.*$|(?<=\p{L}.*)[\s.,;|·•]+(?:revisado|editado|verificado)\s+por\b.*$/iu;

const EMAIL = /\S+@\S+\.\S+/g;
const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)\S+/gi;
const HANDLE = /(^|\s)@\w+/g;

/** Longest plausible person or agency name; longer parts are sentences, not names. */
const MAX_NAME_LENGTH = 70;
/** A name has at most this many words ("Maria del Carmen de la Fuente Ortega" has 7). */
const MAX_NAME_WORDS = 7;

/** Words that say a part is boilerplate, not a name (regex sources). */
const NOT_A_NAME_WORDS = [
  "more|read more|learn more|mehr|view|see all", // links to more
  "follow|share|partager|teilen|compartir|condividi|delen|dela|del", // social buttons
  "contact|email|e-mail|twitter|facebook|instagram|linkedin", // contact links
  "profile|all articles|alle artikel|articles?|artikel|bio|about", // author-page links
  "updated|published|min read|lesezeit", // date and reading-time labels
  "comments?|kommentare", // comment links
  "photo|image|bild|getty images|shutterstock|imago", // photo credits
];
const NOT_A_NAME = new RegExp(String.raw`^(?:${NOT_A_NAME_WORDS.join("|")})\b`, "i");

/** Academic and professional credentials written after a name ("Jane Doe, MS, RD"). */
const CREDENTIAL =
  /^(?:Ph\.?\s?D\.?|M\.?D\.?|MS|MSc|MA|BA|BSc|MBA|MPH|RD|RDN|LD|RN|CPT|CDE|DO|PharmD|Dr\.?|Prof\.?|Jr\.?|Sr\.?)$/;

/** A team credited with a lower-case article ("the Example Team", "the Example editors"). */
const TEAM_CREDIT =
  /^the\s+\p{Lu}[\p{L}\p{N}'’&.-]*(?:\s+\p{Lu}[\p{L}\p{N}'’&.-]*)*\s+(?:team|staff|editors|desk|newsroom)$/iu;

/** Lower-case particles a name may start with ("van der Berg", "de la Cruz", "al-Assad"). */
const NAME_PARTICLE =
  /^(?:van|von|de|del|della|der|den|di|da|du|dos|das|la|le|al|el|bin|ibn|ter|zu)[\s-]/;

/** Link labels of an author box run into the name ("Jane Doe View all posts", "Jane Doe Author Posts"). */
const LINK_LABEL_TAIL =
  /\s+(?:view(?:\s+all)?(?:\s+(?:posts|articles|profile))?|(?:author|all|more)\s+(?:posts|articles)|view\s+profile)$/i;

/** Job-title words beyond the newsroom's, for a title run into a name without a comma. */
const GLUED_ROLES = [
  ...CORE_ROLES,
  "coordinator",
  "manager",
  "specialist",
  "strategist",
  "director",
  "marketer",
];
/**
 * A job title run into a full name without a comma ("Jane Doe Content Marketing
 * Coordinator", "Jane Doe Writer"): the element holding the title sat next to the name's. The
 * name before it has two capitalised words or more, so "Ada Writer" keeps its surname.
 */
const GLUED_ROLE_TAIL = new RegExp(
  String.raw`^(\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)+?)\s+(?:\p{Lu}\p{L}*\s+){0,3}(?:${GLUED_ROLES.join("|")})$`,
  "iu",
);

/**
 * Job titles outside the newsroom ("Shipping Expert", "CEO of Example", "Registered
 * Dietitian"): after a name and a comma they describe that person, and the byline is kept
 * as written ("Jane Doe, CEO of Example"); standing alone they are not a name.
 */
const JOB_TITLE = new RegExp(
  String.raw`(?:^|[\s-])(?:${[
    "experts?",
    "specialists?",
    "dietitians?",
    "nutritionists?",
    "ceo|cto|cfo|coo|cmo",
    "(?:co-?)?founders?",
    "directors?",
    "managers?",
    "president",
    "consultants?",
    "attorneys?",
    "lawyers?",
    "educators?",
    "horticulturalists?",
    "therapists?",
    "physicians?",
    "engineers?",
    "scientists?",
    "professors?",
    "representatives?",
    "advis[oe]rs?",
    "architects?",
    "executives?",
    "strategists?",
    "coordinators?",
    "officers?",
  ].join("|")})(?=$|[\s,&])`,
  "i",
);

/** "Jane Doe, Home Security Expert": a person's name, a comma and a description with a job title. */
const DESCRIBED_PERSON = /^([^,]+?)\s*,\s*(.+)$/;
/** Longest description kept with a name. */
const MAX_DESCRIBED_LENGTH = 150;

/** The byline "Jane Doe, Shipping Expert" kept whole, or null when `text` is not one. */
function describedPerson(text: string): string | null {
  const match = DESCRIBED_PERSON.exec(text);
  if (!match) return null;
  const name = cleanText(match[1] ?? "");
  const description = cleanText(match[2] ?? "").replace(/[\s|,;·•–—-]+$/, "");
  if (!looksLikePerson(name) || !JOB_TITLE.test(description)) return null;
  // "Jane Doe, Expert, and John Roe": a second person after the description.
  const last = description.split(/,?\s(?:and|&)\s/).at(-1) ?? "";
  if (last !== description && looksLikePerson(last) && !JOB_TITLE.test(last)) return null;
  const whole = `${name}, ${description}`;
  return whole.length <= MAX_DESCRIBED_LENGTH ? whole : null;
}

/** Cleans one part that should hold a single name; returns "" when nothing name-like is left. */
function cleanName(raw: string, options: SplitOptions = {}): string {
  let name = cleanText(raw)
    .replace(BYLINE_PREFIX, "")
    .replace(/^["“”'‘]+(?=\p{L})|(?<=\p{L})["“”'’]+$/gu, "")
    .replace(LINK_LABEL_TAIL, "")
    .replace(/^[\s:\-–—|,.]+|[\s:\-–—|,.]+$/g, "");
  name = name.replace(/\s*\((?:[^()]*)\)\s*$/g, "").trim(); // "Jane Doe (dpa)" → agency tag dropped
  // A one-word label before a colon ("Text: Jane Doe", "Текст: ...", "Reportage: ...").
  name = name.replace(/^\p{L}{2,15}\s*:\s+(?=\p{Lu})/u, "");
  name = name.replace(TRAILING_ROLE, "").trim();
  const glued = GLUED_ROLE_TAIL.exec(name);
  if (glued && (glued[1] ?? "").split(/\s+/).length >= 2) name = glued[1] ?? name;
  name = name.replace(BYLINE_PREFIX, "").trim();
  name = name.replace(/^[\s:\-–—|,.]+|[\s:\-–—|,]+$/g, "");
  if (!name || name.length > MAX_NAME_LENGTH) return "";
  const asWritten = options.asWritten === true;
  if ((!asWritten && ROLE_ONLY.test(name)) || NOT_A_NAME.test(name) || CREDENTIAL.test(name))
    return "";
  // "Former Example Consultant", "Chief Architect" beside the name: a title, not a person.
  if (JOB_TITLE.test(name) && !asWritten) return "";
  if (!/\p{L}/u.test(name) || /\d{3,}/.test(name)) return "";
  // A template's placeholder left unfilled ("{{author}}", "${author}").
  if (TEMPLATE_PLACEHOLDER.test(name)) return "";
  // Names start with a capital (or a particle such as "van", "de"); "capital", "red." are not names.
  const username = (options.usernames === true || asWritten) && USERNAME.test(name);
  if (
    !((asWritten || options.usernames === true) && LOWER_CASE_NAME.test(name)) &&
    /^\p{Ll}/u.test(name) &&
    !NAME_PARTICLE.test(name) &&
    !TEAM_CREDIT.test(name) &&
    !WIRE_AGENCY_NAME.test(name) &&
    !username
  ) {
    return "";
  }
  if (/[()[\]]/.test(name) || /\b(?:image|photo|foto|bild|getty|istock)/i.test(name)) return "";
  if (name.split(/\s+/).length > MAX_NAME_WORDS) return "";
  return name;
}

/**
 * A credential written after a name ("MS", "RD", "Ph.D.", "CEPF®", "M.D. FACLM"): academic
 * and professional letters, kept with the name as the byline writes them. Agencies ("AP",
 * "AFP") are credits of their own.
 */
function isCredential(part: string): boolean {
  const words = part.trim().split(/\s+/);
  return (
    words.length > 0 &&
    words.length <= 3 &&
    words.every(
      (w) =>
        CREDENTIAL.test(w) ||
        (/^(?:\p{Lu}{2,6}|(?:\p{Lu}\p{Ll}?\.){2,3})®?$/u.test(w) &&
          !WIRE_AGENCY_NAME.test(w) &&
          !new RegExp(`^(?:${AGENCY_NAMES})$`, "i").test(w)),
    )
  );
}

/** A lead-in glued to the name ("Written byJane Doe", "ByThe Example Team"): a space is put back. */
const GLUED_LEAD_IN =
  /^((?:[Ww]ritten|[Pp]osted|[Aa]rticle|[Rr]eported|[Rr]ecipe|[Pp]ublished|[Ss]tory)\s+)?([Bb]y|BY)(?=\p{Lu})/u;

/**
 * A place or topic after a name ("Jane Doe in Valencia", "Jane Doe on behalf of ..."): cut
 * off when a person's name precedes it. The lower-case word is part of a name that is not a
 * person's ("Human in the Loop", "Audiophile On").
 */
const PLACE_TAIL = /\s+(in|on|at)(?:\s+(.*))?$/i;

function withoutPlace(part: string): string {
  const match = PLACE_TAIL.exec(part);
  if (!match) return part;
  const before = part.slice(0, match.index);
  // "BeauHD on" (its date cut off): nothing follows, the word is left over.
  if (!match[2]?.trim() && /^\p{Ll}/u.test(match[1] ?? "")) return before;
  return looksLikePerson(cleanText(before).replace(BYLINE_PREFIX, "")) ? before : part;
}

export interface SplitOptions {
  /**
   * The text comes from an element that only ever holds the author (a `rel=author` link, a
   * "By ..." line): a single word or a user name ("jdoe") is kept as the author's name.
   */
  usernames?: boolean;
  /**
   * The text is a markup field that only ever holds the author (JSON-LD `author`, `<meta
   * name=author>`, `itemprop=author`): the name is kept as written, a user name ("jdoe"), a
   * name in lower case ("jane doe") or a desk credit ("Staff") included.
   */
  asWritten?: boolean;
  /** Raw strings that name one organisation ("Center for Research and Policy"): kept whole, not split on "and". */
  wholeNames?: ReadonlySet<string>;
}

/** An unfilled template placeholder: braces or a dollar sign ("{{author}}", "${author}"). */
const TEMPLATE_PLACEHOLDER = /[{}$]/;

/** A name written in lower case, as some blogs credit their authors ("jane doe"): two to four words of letters. */
const LOWER_CASE_NAME = /^\p{Ll}+(?:[\s'’-]\p{Ll}+){1,3}$/u;

/** A user name as blogs credit it ("jdoe", "site_admin", "Kiersten"). */
const USERNAME = /^[\p{L}\p{N}][\p{L}\p{N}_.-]{1,29}$/u;

/** Splits one raw byline string into clean names. */
export function splitAuthors(raw: string, options: SplitOptions = {}): string[] {
  let text = cleanText(decodeEntities(raw)).replace(GLUED_LEAD_IN, "$1$2 ");
  if (!text || looksLikeUrl(text)) return [];
  text = text.replace(EMAIL, " ").replace(URL_IN_TEXT, " ").replace(HANDLE, "$1");
  text = text.replace(BYLINE_PREFIX, "").replace(LOWERCASE_PREFIX, "");
  text = text
    .replace(LEADING_DATE, "")
    .replace(OTHER_ROLE_TAIL, "")
    .replace(TAIL_CUT, "")
    .replace(WEEKDAY_TAIL, "")
    .replace(LABEL_TAIL, "");
  // "Jane Doe | Reuters": the agency behind a pipe is boilerplate once a name precedes it.
  text = text.replace(PIPE_AGENCY_TAIL, "");
  const described = describedPerson(text);
  if (described) return [described];
  if (options.wholeNames?.has(raw)) {
    const whole = cleanName(text, options);
    return whole ? [whole] : [];
  }
  const parts = text
    .split(NAME_SEPARATORS)
    // "Jane Doe. Example Agency": a full stop after a word (not an initial) ends the name.
    .flatMap((part) => part.split(/(?<=\p{Ll}{2})\.\s+(?=\p{Lu})/u));
  const names: string[] = [];
  for (const part of parts) {
    // "Jane Doe, MS, RD": the credentials stay with the name before them.
    const previous = names.length > 0 ? names[names.length - 1] : undefined;
    if (
      previous !== undefined &&
      isCredential(part) &&
      looksLikePerson(previous.split(",")[0] ?? "")
    ) {
      names[names.length - 1] = `${previous}, ${part.trim()}`;
      continue;
    }
    const name = cleanName(withoutPlace(part), options);
    const agency = WIRE_AGENCIES.exec(name);
    const person = agency ? name.slice(0, agency.index).trim() : "";
    // Split only when a full name (two words or more) precedes: "The Associated Press" stays whole.
    if (agency && person.split(/\s+/).length >= 2) {
      names.push(person, cleanText(agency[1]));
    } else if (name) names.push(name);
  }
  return names;
}

/** A user name: one token in lower case or with dots, underscores or digits ("jdoe", "j.doe", "admin2"). */
const USER_HANDLE = /^(?=\p{Ll}|.*[._\d])[\p{L}\p{N}._-]+$/u;

/** True for a user name as forums, reviews and blogs credit accounts ("jdoe", "site_admin"). */
export function isUserHandle(name: string): boolean {
  return USER_HANDLE.test(name);
}

/**
 * True for names shaped like a person's: two to five capitalised words ("Jane Doe",
 * "Maria de la Cruz"), or two to four CJK characters. Agencies ("dpa") and places ("Europe")
 * are not.
 */
export function looksLikePerson(name: string): boolean {
  if (/^[\p{Script=Han}\p{Script=Hangul}]{2,4}$/u.test(name)) return true;
  const parts = name.split(/\s+/);
  if (parts.length < 2 || parts.length > 5) return false;
  return parts.every(
    (p) => /^\p{Lu}/u.test(p) || NAME_PARTICLE.test(`${p} `) || /^\p{Lu}\.$/u.test(p),
  );
}

function nameWords(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/**
 * True when `name` is the publisher itself (site name or host): the same letters, or one's words
 * begin with all of the other's ("BBC News" and "BBC", "Example" and "example.com"). Word-wise, so
 * that "Nosheen Iqbal" is not taken for a site called "nos".
 */
export function isPublisherName(name: string, publisherNames: string[]): boolean {
  const key = compareKey(name);
  if (!key) return false;
  const words = nameWords(name);
  return publisherNames.some((publisher) => {
    if (compareKey(publisher) === key) return true;
    const other = nameWords(publisher);
    const [shorter, longer] = other.length <= words.length ? [other, words] : [words, other];
    return shorter.length > 0 && shorter.every((w, i) => longer[i] === w);
  });
}

/**
 * Final clean-up of a source's author list: split, deduplicate (case-insensitively) and drop the
 * publisher when at least one other name is present.
 */
export function normalizeAuthors(
  raws: string[],
  publisherNames: string[],
  options: SplitOptions = {},
): string[] {
  const names = uniqueBy(
    raws
      .flatMap((raw) => splitAuthors(raw, options))
      // "Jane Doe, CNN": letters after a name that are the publisher are a credit, not a credential.
      .map((name) => {
        const parts = name.split(", ");
        while (parts.length > 1 && isPublisherName(parts.at(-1) ?? "", publisherNames)) parts.pop();
        return parts.join(", ");
      }),
    (n) => compareKey(n),
  );
  // "Jane DoePublished", "Jane Doe Head Gardener" beside "Jane Doe": a byline element's text
  // run into what follows it; the name given alone is the credit.
  const whole = names.filter(
    (n) =>
      !names.some(
        (other) =>
          other !== n &&
          other.length >= 5 &&
          n.startsWith(other) &&
          /^(?:\s|\p{Lu})/u.test(n.slice(other.length)),
      ),
  );
  const people = whole.filter(
    (n) =>
      !isPublisherName(n, publisherNames) ||
      (options.asWritten === true && isDeskOfPublisher(n, publisherNames)),
  );
  return people.length > 0 && people.some((n) => !isPublisherName(n, publisherNames))
    ? people
    : whole;
}

/**
 * True when `name` is a desk of the publisher: the publisher's name and more words
 * ("Example Sachsen" by example.de, "Example News Politics" by "Example News"), credited
 * beside a person in a markup field.
 */
function isDeskOfPublisher(name: string, publisherNames: string[]): boolean {
  const words = nameWords(name);
  return publisherNames.every((publisher) => {
    if (compareKey(publisher) === compareKey(name)) return false;
    // "BBC" by "BBC News": the publisher's own name, shortened, is no desk.
    const other = nameWords(publisher);
    return !(words.length <= other.length && words.every((w, i) => other[i] === w));
  });
}
