/**
 * The heuristics of body extraction in one place: a commented table of class/id and text
 * patterns, and named constants with the reason for each value. Every rule is general (no
 * site names, no site-specific selectors).
 */

/** Class/id patterns. Each is matched against `class + " " + id` of an element, lower-cased. */
export const PATTERNS = {
  /** Page furniture that is never the article: removed before scoring unless MAYBE also matches. */
  unlikely:
    /-ad-|ai2html|banner|breadcrumb|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|cookie|consent|newsletter|signup|subscribe|toolbar|masthead|navbar|nav-|-nav|topbar|byline|dateline|author-info|share|sharing|teaser-list|tags-list|taglist|trending|most-read|mostread|most-popular|recommend|outbrain|taboola|promo/,
  /** Names that also mark article containers ("content-sidebar-wrap"): keep for scoring. */
  maybe: /and|article|body|column|content|main|shadow|story|text|post|entry/,
  /** Boilerplate inside the article container, removed even when MAYBE matches. */
  boilerplate:
    /(^|[\s_-])(share|sharing|social|related|newsletter|subscribe|signup|sign-up|comments?|advert\w*|ads?|adslot|ad-slot|ad-container|sponsored|promo\w*|recirc\w*|read-?more|more-?stories|most-?(read|popular|viewed)|outbrain|taboola|trending|recommend\w*|teaser|author-?bio|bio-?box|tags?|topics|keywords|breadcrumbs?|print|toolbar|follow|donate|paywall-?promo|inline-?(related|promo)|embed-?promo|see-?also|also-?read|next-?article|prev-?article|pagination|rating|reactions?|byline|dateline|timestamp|meta|caption-?credit|credits?|copyright|video-?player|media-?player|player|video-?embed|video-?container)([\s_-]|$)/,
  /** Positive signals on a container's name. */
  positive:
    /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story|prose|rich-?text|paragraph/,
  /** Negative signals on a container's name. */
  negative:
    /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|teaser|recommend|newsletter|subscribe|social|byline|author|caption|credit/,
  /** Embedded posts the article quotes (tweets and the like): part of the story, not a share bar. */
  quotedEmbed: /(^|[\s_-])(embed|embedded|twitter-tweet|instagram-media|tiktok-embed)([\s_-]|$)/,
  /** Names of standfirst / lead paragraphs, which belong to the body. */
  lead: /(^|[\s_-])(lead|lede|intro|standfirst|summary|dek|deck|subtitle|sub-?headline|excerpt|abstract|perex|description)([\s_-]|$)/,
} as const;

/** Whole-block texts that are page furniture wherever they appear (matched on trimmed text). */
export const BOILERPLATE_TEXT =
  /^(advertisement|anzeige|werbung|publicité|publicidad|pubblicità|reklame|reklama|annons|sponsored|ad|ads|share( this)?( article| story)?|read more|read next|more on this( story)?|related( articles| stories| content| coverage)?|see also|recommended|trending|most read|most popular|continue reading( below)?|story continues below( advertisement)?|article continues below( advertisement)?|skip (the )?ad(vertisement)?|follow us( on .{0,40})?|sign up( for .{0,60})?|subscribe( now| today)?|comments?|\d+ comments?|mehr zum thema|lesen sie auch|auch interessant|weitere artikel|das könnte sie auch interessieren|zum thema|lire aussi|à lire aussi|leer más|lee también|leggi anche|czytaj też|czytaj także|läs också|les også|se også|lees ook|zie ook|live|key events|video loading|video unavailable|(click|tap) to play\W*((click|tap) to play)?|duration \d+:\d+|\d+ (seconds?|minutes?|hours?|days?|weeks?) ago|(min|minuten|minutes?) (read|lesezeit|de lecture)|\d+ (min|minutes?) (read|de lecture)|(related )?tags|filed under|topics|schlagworte|stichworte|more|post (a )?comment.{0,6}|\d+\s*(-\s*\d+\s*)?(of|von|de|sur|di|z)\s*\d+|(next|prev|previous|zurück|weiter)(\s+(next|prev|previous|zurück|weiter))?|(reading time|lesezeit|lesedauer|temps de lecture|tempo de leitura|tiempo de lectura)\W*\d+ \p{L}+|follow .{1,40} on (instagram|facebook|twitter|x|youtube|tiktok|whatsapp)\b.{0,60}|[\w.+-]+@[\w-]+(\.[\w-]+)+)\W*$/iu;

/**
 * A byline: a lead-in and one or more capitalised names ("By Jane Doe", "Von Max Muster und
 * Erika Muster", "Text: A. Author"). Case-sensitive on purpose: with case folding `\p{Lu}`
 * would match any word and "De går på ski" would read as a byline.
 */
export const BYLINE_NAME_TEXT =
  /^(?:[Bb]y|BY|[Vv]on|VON|[Pp]ar|[Pp]or|[Dd]oor|[Aa]v|[Aa]f|[Dd]i|[Dd]e|[Pp]rzez|[Оо]т|[Tt]ekst|[Tt]ext|[Aa]utor|[Aa]uthor|[Ww]ritten by)[:\s]+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:\s*(?:,|\||and|und|et|y|e|og|och|en|&)\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})*\s*$/u;

/** Short lines that are a time stamp or a bare byline lead-in ("Updated: 3 May, 10:12"). */
export const BYLINE_TEXT = new RegExp(
  [
    // A bare byline lead-in left over once the name link is gone
    "^(by|von|par|por|door|av|af|di|de)$",
    // "Updated: 3 May 2026, 10:12", "Stand: 08.07.2026 05:00 Uhr", "Publiziert17. Dezember 2024"
    String.raw`^(stand|updated|published|first published|posted|last updated|aktualisiert|veröffentlicht|publiziert|erstellt|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|opublikowano|publicerad|oppdatert|publisert)(?=[\s:\d])[^!?]{0,60}\d[^!?]{0,40}$`,
    // "Jane Doe | Published 15 hours ago"
    String.raw`^[^.!?]{0,60}\|\s*(published|updated|posted)\b[^.!?]{0,40}$`,
    // "05/10/2018 - Published by: Jane Doe - Category: Health"
    String.raw`^[^!?]{0,40}\b(published|posted|written|publicado|publié|veröffentlicht|pubblicato) (by|por|par|von|da)\b.{0,120}$`,
  ].join("|"),
  "iu",
);

/** Image captions and credits written as text ("... (Image: Agency)", "Photo: Jane Doe"). */
export const CAPTION_TEXT =
  /\((image|images|photo|photos|picture|pictures|foto|fotos|bild|bilder|credit|source|quelle|crédit|crédito)\s*:[^)]{1,80}\)\s*$|\((archivbild|symbolbild|archive|file photo|file)\)\s*$|^(image|photo|picture|foto|bild|bildrechte|bildquelle|credit|crédit|crédito|copyright|фото|иллюстрация)s?\s*:\s*\S[^.!?]{0,80}$|^(личный архив|фото из личного архива|архив)\s+\S[^.!?]{0,60}$|^(©|copyright\s*(©|@|\(c\)|\d{4}))/iu;

/** Newsletter and app promotions ("Sign up for our newsletter", "Die App für Android und iOS"). */
export const PROMO_TEXT = /\bnewsletter\b|\b(whatsapp|telegram)[- ]kanal\b|\bauf whatsapp\?$/iu;

/** A short block saying the article's related links follow ("Related", "Read more"). */
export const RELATED_HEADING =
  /^(related( articles| stories| content| coverage| news| links)?|read more|read next|more on this( story| topic)?|more from .{1,40}|you may (also )?like|you might (also )?like|recommended( for you)?|see also|also read|further reading|mehr zum thema( .{1,40})?|weitere artikel|das könnte sie auch interessieren|auch interessant|lesen sie auch|themen|lire aussi|à lire aussi|sur le même sujet|leer más|lee también|más noticias|leggi anche|czytaj też|czytaj także|läs också|les også|lees ook|zie ook|você pode gostar|veja também|leia também)\W*$/iu;

/** Short blocks starting like this are teasers to other articles ("READ MORE: ..."). */
export const TEASER_PREFIX =
  /^(read more|read also|also read|related|see also|more|watch|listen|recommended|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|lire aussi|à lire aussi|leer más|lee también|leggi anche|czytaj też|czytaj także|läs också|les også|lees ook|zie ook)\s*[:|»>–—-]/i;

/** Roles that mark page furniture (ARIA landmarks other than main/article). */
export const FURNITURE_ROLES = new Set([
  "navigation",
  "banner",
  "contentinfo",
  "complementary",
  "search",
  "dialog",
  "alertdialog",
  "menu",
  "menubar",
  "tablist",
]);

/** Elements dropped before anything else: no article text lives in them. */
export const DROP_TAGS = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "canvas",
  "iframe",
  "object",
  "embed",
  "button",
  "input",
  "select",
  "textarea",
  "option",
  "link",
  "meta",
  "head",
  "nav",
  "dialog",
  "map",
  "audio",
  "video",
  "source",
  "track",
  "picture",
  "math",
]);

/** Tags whose text is a paragraph of its own when scoring. */
export const SCORED_TAGS = new Set(["p", "pre", "td", "blockquote", "li", "dd"]);

/** Block-level tags: text on either side of one is a separate block. */
export const BLOCK_TAGS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "body",
  "dd",
  "details",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "li",
  "main",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "td",
  "th",
  "tr",
  "ul",
  "caption",
  "center",
  "html",
]);

/** A run of inline text shorter than this is not scored: too short to be a paragraph. */
export const MIN_PARAGRAPH_CHARS = 25;
/** Characters per extra point of a paragraph's score (Readability's value). */
export const CHARS_PER_POINT = 100;
/** A paragraph earns at most this many length points, so one huge block cannot win alone. */
export const MAX_LENGTH_POINTS = 3;
/** Ancestors that receive a paragraph's score: enough to reach the wrapper of split bodies. */
export const SCORE_ANCESTOR_LEVELS = 5;
/** Weight of a positive or negative class/id name. */
export const CLASS_WEIGHT = 25;
/** A sibling of the top candidate joins when it scores this share of the top score. */
export const SIBLING_SCORE_SHARE = 0.2;
/** A block whose text is more than this share link text is navigation or a teaser list. */
export const MAX_BLOCK_LINK_DENSITY = 0.5;
/** A container (div, list, table) with more link text than this is navigation, unless weighted up. */
export const MAX_CONTAINER_LINK_DENSITY = 0.33;
/** Short blocks (chars) are judged by their text patterns; long ones are prose. */
export const SHORT_BLOCK_CHARS = 120;
