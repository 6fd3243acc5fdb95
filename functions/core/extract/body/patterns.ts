/**
 * The heuristics of body extraction in one place: a commented table of class/id and text
 * patterns, and named constants with the reason for each value. Every rule is general (no
 * site names, no site-specific selectors).
 */
import {
  alternation,
  anywhere,
  classSubstrings,
  classTokens,
  classWords,
  prefixText,
  type Rule,
  wholeText,
} from "../rule-list";

/*
 * Every list below was counted against the development corpus: an entry matching a single
 * page there is a page's quirk, not a rule, and is not listed. Translations of a phrase
 * that is attested on several pages count as that phrase ("Lesen Sie auch" = "Read also").
 */

/** Furniture names, matched anywhere in the name as Readability does: removed before scoring unless `maybe` also matches. */
const UNLIKELY_NAMES: readonly Rule[] = [
  ["-ad-", "page-ad-slot"], // an ad slot between dashes
  ["ai2html", "ai2html-graphic"], // text layers of exported charts (Readability)
  ["banner", "top-banner"], // site banners
  ["breadcrumb", "breadcrumbs"], // the path to the page
  ["combx", "combx"], // (Readability)
  ["comment", "comment-list"], // reader comments
  ["community", "community-box"], // community widgets
  ["disqus", "disqus_thread"], // hosted comments
  ["extra", "extra-links"], // "extras" boxes
  ["footer", "site-footer"], // page footers
  ["gdpr", "gdpr-notice"], // consent notices
  ["header", "site-header"], // page headers
  ["legends", "legends"], // map and chart legends (Readability)
  ["menu", "menu-top"], // menus
  ["related", "related-links"], // related links
  ["replies", "replies"], // comment replies
  ["rss", "rss-links"], // feed links
  ["shoutbox", "shoutbox"], // chat boxes (Readability)
  ["sidebar", "sidebar"], // sidebars
  ["skyscraper", "skyscraper"], // tall ad slots
  ["social", "social-links"], // social links
  ["sponsor", "sponsor-box"], // sponsored boxes
  ["supplemental", "supplemental"], // supplemental rails
  ["agegate", "agegate"], // age checks (Readability)
  ["pagination", "pagination"], // page numbers
  ["pager", "pager"], // page numbers
  ["popup", "popup"], // pop-ups
  ["modal", "modal-overlay"], // pop-up boxes ("You are now leaving this site")
  ["cookie", "cookie-banner"], // cookie notices
  ["consent", "consent-box"], // consent notices
  ["newsletter", "newsletter-box"], // newsletter sign-up
  ["signup", "signup-form"], // sign-up forms
  ["subscribe", "subscribe-box"], // subscription offers
  ["masthead", "masthead"], // the site's masthead
  ["navbar", "navbar"], // navigation bars
  ["nav-", "nav-links"], // navigation
  ["-nav", "site-nav"], // navigation
  ["topbar", "topbar"], // bars above the page
  ["byline", "byline"], // the byline (a metadata field, not body text)
  ["author-info", "author-info"], // author boxes
  ["share", "share-tools"], // share bars
  ["sharing", "sharing"], // share bars
  ["promo", "promo-box"], // promotions
];

/** Names that also mark article containers ("content-sidebar-wrap"): an `unlikely` element that has one is kept for scoring. */
const MAYBE_NAMES: readonly Rule[] = [
  ["and", "sidebar-and-content"], // compound wrappers (Readability)
  ["article", "article-header"],
  ["body", "body-sidebar"],
  ["column", "column-menu"],
  ["content", "content-sidebar-wrap"],
  ["main", "main-header"],
  ["shadow", "shadow-extra"], // (Readability)
  ["story", "story-header"],
  ["text", "text-footer"],
  ["post", "post-header"],
  ["entry", "entry-header"],
];

/**
 * Boilerplate inside the article container, removed even when `maybe` matches. Words here
 * never name article text, so they match as a part of a token (`share` in `post-share`).
 */
const BOILERPLATE_WORDS: readonly Rule[] = [
  ["share", "post-share"], // share bars
  ["sharing", "sharing-bar"],
  ["social", "social-icons"], // social links
  ["related", "related-stories"], // related links
  ["newsletter", "newsletter-box"], // newsletter sign-up
  ["subscribe", "subscribe-cta"], // subscription offers
  [/sign-?up/, "sign-up-box"], // sign-up forms
  [/comments?/, "article-comments"], // reader comments
  [/advert\w*/, "advertisement"], // ads
  [/ads?/, "ad-wrapper"], // ads
  [/ad-?slot/, "adslot"], // ads
  ["ad-container", "ad-container"], // ads
  ["sponsored", "sponsored-links"], // sponsored content
  [/promo\w*/, "promo-box"], // promotions
  [/recirc\w*/, "recirculation"], // "more stories" rails
  [/read-?more/, "readmore"], // "read more" links
  [/most-?(?:read|popular|viewed)/, "most-viewed"], // most-read lists
  ["outbrain", "outbrain-widget"], // recommendation widgets
  ["taboola", "taboola-feed"], // recommendation widgets
  ["trending", "trending-now"], // trending stories
  [/recommend\w*/, "recommended-box"], // recommended stories
  [/author-?bio/, "author-bio"], // author boxes
  [/bio-?box/, "bio-box"], // author boxes
  [/tags?/, "post-tags"], // tag lists
  [/breadcrumbs?/, "breadcrumbs"], // the path to the page
  ["toolbar", "article-toolbar"], // tool bars
  ["follow", "follow-button"], // "follow" buttons and follow-up comments
  ["rating", "star-rating"], // rating widgets
  ["meta", "entry-meta"], // the metadata line under a headline (a metadata field)
  ["donate", "donate-box"], // donation appeals
  [/(?:next|prev|previous)-?(?:article|post|story)/, "next-article"], // links to the neighbouring stories
  ["pagination", "post-pagination"], // page numbers
  ["byline", "article-byline"], // the byline (a metadata field)
  ["dateline", "dateline"], // the dateline (a metadata field)
  [/caption-?credit/, "caption-credit"], // photo credits
  [/copyright/, "copyright-notice"], // copyright lines
  [/(?:video|audio|media)-?player/, "audio-player"], // embedded players
  [/video-?(?:embed|container)/, "video-container"], // embedded players
];

/**
 * Boilerplate names that are also words of real content inside a longer token
 * (`article-teaser` can be the lead, `player-profile` a sports story): they match only as
 * a whole token or as the block of a BEM name (`teaser`, `teaser__title`).
 */
const BOILERPLATE_TOKENS: readonly Rule[] = [
  ["teaser", "teaser__content"], // a teaser of another story
  ["timestamp", "timestamp"], // the time stamp (a metadata field)
  [/credits?/, "credits"], // credits
];

/** Names that add to a container's score. */
const POSITIVE_NAMES: readonly Rule[] = [
  ["article", "article-body"], // (Readability)
  ["body", "story-body"], // (Readability)
  ["content", "content"], // (Readability)
  ["entry", "entry"], // (Readability)
  ["hentry", "hentry"], // microformats (Readability)
  ["h-entry", "h-entry"], // microformats 2
  ["main", "main"], // (Readability)
  ["page", "page"], // (Readability)
  ["pagination", "pagination"], // (Readability)
  ["post", "post"], // (Readability)
  ["text", "text"], // (Readability)
  ["blog", "blog"], // (Readability)
  ["story", "story"], // (Readability)
  ["prose", "prose"], // typography wrappers
  [/rich-?text/, "rich-text"], // CMS rich-text fields
  ["paragraph", "paragraph"], // CMS paragraph blocks
];

/** Names that subtract from a container's score, matched anywhere in the name (Readability's list, then ours). */
const NEGATIVE_NAMES: readonly Rule[] = [
  ["-ad-", "top-ad-box"],
  ["hidden", "hidden"],
  ["banner", "banner"],
  ["combx", "combx"],
  ["comment", "comments"],
  ["com-", "com-box"],
  ["contact", "contact"],
  ["footer", "footer"],
  ["gdpr", "gdpr"],
  ["masthead", "masthead"],
  ["media", "media"],
  ["meta", "meta"],
  ["outbrain", "outbrain"],
  ["promo", "promo"],
  ["related", "related"],
  ["share", "share"],
  ["shoutbox", "shoutbox"],
  ["sidebar", "sidebar"],
  ["skyscraper", "skyscraper"],
  ["sponsor", "sponsor"],
  ["shopping", "shopping"],
  ["tags", "tags"],
  // Added to Readability's list; substrings on purpose, to catch run-together names
  // ("imgcaption", "newslettermodule", "articlepage-authorname")
  ["recommend", "recommended"], // recommended stories
  ["newsletter", "newslettermodule"], // newsletter sign-up
  ["subscribe", "subscribe"], // subscription offers
  ["social", "socialiconscontainer"], // social links
  ["byline", "bottombyline"], // the byline
  ["author", "authorcontainer"], // author boxes
  ["caption", "imgcaption"], // captions of unrelated images
  ["credit", "imageembedcredit"], // credits
];

/**
 * Names of layout, not of a kind of content: a scrolling box (`table-scroll`) or a page
 * builder's block (`text-editor-widget`) holds tables and paragraphs of the story as often
 * as furniture. They weigh against a container when the body is chosen (Readability's
 * list) but never remove a block inside it: there its shape decides.
 */
const LAYOUT_NAMES: readonly Rule[] = [
  ["scroll", "scroll"],
  ["widget", "widget"],
];

/** Names of a page region: they say where an element is, not what it holds (see `regionNames`). */
const REGION_NAMES: readonly Rule[] = [
  ["header", "listing-header"], // the article's own header holds its standfirst
  ["banner", "hero-banner"], // a hero banner holds the intro of a landing page
];

/** Negative names that are also words of real content inside a longer token (`article-teaser`). */
const NEGATIVE_TOKENS: readonly Rule[] = [
  ["hid", "hid"], // hidden (Readability)
  ["teaser", "teaser"], // a teaser of another story
];

/** Embedded posts the article quotes (tweets and the like): part of the story, not a share bar. */
const QUOTED_EMBED_WORDS: readonly Rule[] = [
  ["embed", "tiktok-embed"], // any platform's embed
  ["embedded", "embedded-post"],
  ["twitter-tweet", "twitter-tweet"], // X/Twitter's embed markup
  ["instagram-media", "instagram-media"], // Instagram's embed markup
];

/** Names of standfirst / lead paragraphs, which belong to the body. */
const LEAD_WORDS: readonly Rule[] = [
  ["lead", "article-lead"],
  ["lede", "lede"],
  ["intro", "intro"],
  ["standfirst", "standfirst"],
  ["summary", "summary"],
  ["dek", "dek"],
  ["deck", "deck"],
  ["subtitle", "subtitle"],
  [/sub-?headline/, "subheadline"],
  ["excerpt", "excerpt"],
  ["abstract", "abstract"],
  ["perex", "perex"], // Czech and Slovak for lead
  ["description", "description"],
];

/** Names of collapsed panels a reader opens (accordions, tabs): hidden text that is content. */
const DISCLOSURE_WORDS: readonly Rule[] = [
  [/collaps(?:e|ed|ible)/, "accordion-collapse"], // Bootstrap, Chakra and most accordions
  ["accordion", "accordion-body"],
  ["expandable", "expandable-text"],
  [/tab-?(?:pane|panel|content)/, "tab-pane"], // tab panels
];

/**
 * Names of a button or call to action ("Book a demo", "Start free trial"): a short link
 * styled as a button is a control, not a sentence of the story. Only short blocks go.
 */
const CALL_TO_ACTION_WORDS: readonly Rule[] = [
  ["btn", "btn-primary"], // Bootstrap and most CSS kits
  ["button", "wp-block-button__link"], // WordPress blocks, Webflow `w-button`
  ["cta", "cta-link"], // "call to action"
];

function either(...patterns: RegExp[]): RegExp {
  return new RegExp(patterns.map((p) => p.source).join("|"));
}

/** Class/id patterns. Each is matched against `class + " " + id` of an element, lower-cased. */
export const PATTERNS = {
  /** Page furniture that is never the article: removed before scoring unless MAYBE also matches. */
  unlikely: classSubstrings(UNLIKELY_NAMES),
  /** Names that also mark article containers ("content-sidebar-wrap"): keep for scoring. */
  maybe: classSubstrings(MAYBE_NAMES),
  /** Boilerplate inside the article container, removed even when MAYBE matches. */
  boilerplate: either(classWords(BOILERPLATE_WORDS), classTokens(BOILERPLATE_TOKENS)),
  /** Positive signals on a container's name. */
  positive: classSubstrings(POSITIVE_NAMES),
  /** Negative signals on a container's name, when the body is chosen. */
  negative: either(
    classSubstrings(NEGATIVE_NAMES),
    classTokens(NEGATIVE_TOKENS),
    classSubstrings(LAYOUT_NAMES),
  ),
  /** Negative names that also count against a block inside the body: kinds, not layout. */
  negativeKind: either(classSubstrings(NEGATIVE_NAMES), classTokens(NEGATIVE_TOKENS)),
  /** Layout names: weigh when choosing the body, not when cleaning it. */
  layout: classSubstrings(LAYOUT_NAMES),
  /** Region names: a furniture name that an element with prose of its own outweighs. */
  region: classSubstrings(REGION_NAMES),
  /** Embedded posts the article quotes (tweets and the like): part of the story, not a share bar. */
  quotedEmbed: classWords(QUOTED_EMBED_WORDS),
  /** Names of standfirst / lead paragraphs, which belong to the body. */
  lead: classWords(LEAD_WORDS),
  /** Names of collapsed panels (accordions, tabs): hidden, but content. */
  disclosure: classWords(DISCLOSURE_WORDS),
  /** Names of buttons and calls to action: a short one is a control, not text. */
  callToAction: classWords(CALL_TO_ACTION_WORDS),
} as const;

/** Whole-block texts that are page furniture wherever they appear (matched on trimmed text). */
const BOILERPLATE_PHRASES: readonly Rule[] = [
  // The label over an ad slot, in the corpus' languages
  [
    /advertisement|anzeige|werbung|publicité|publicidad|pubblicità|reklame|reklama|annons/,
    "Anzeige",
  ],
  [/sponsored|ads?/, "Sponsored"], // ad labels
  [/share(?: this)?(?: article| story)?/, "Share this article"], // share-bar labels
  [/read (?:more|next)/, "Read next"], // links to other stories
  [/more on this(?: story)?/, "More on this story"], // links to other stories
  [/related(?: articles| stories| content| coverage)?/, "Related stories"], // related links
  ["see also", "See also"], // related links
  ["recommended", "Recommended"], // recommended stories
  ["trending", "Trending"], // trending stories
  [/most (?:read|popular)/, "Most popular"], // most-read lists
  [/continue reading(?: below)?/, "Continue reading"], // cut-off prompts
  [/(?:story|article) continues below(?: advertisement)?/, "Article continues below"], // ad-slot labels
  [/follow us(?: on .{0,40})?/, "Follow us on Mastodon"], // social links
  [/sign up(?: for .{0,60})?/, "Sign up for the morning briefing"], // newsletter offers
  [/subscribe(?: now| today)?/, "Subscribe now"], // subscription offers
  [/(?:\d+ )?comments?/, "12 comments"], // comment counters
  // Comment counters in other languages
  [
    /(?:\d+ )?(?:kommentare?|commentaires?|comentarios?|commenti|kommentarer|reacties|komentarz[ey]?)/,
    "3 Kommentare",
  ],
  [/(?:share|like) this/, "Like this:"], // blog share and like bars ("Share this:", "Like this:")
  [/pin(?: it| this)?(?: for later)?|save (?:it )?for later/, "Pin for later"], // save-to-board prompts
  [/loading(?: [a-z]+)?(?:\.\.\.|…)?/, "Loading posts…"], // placeholders of lists filled by script
  // Table-of-contents labels: the list of in-page links under it goes as links
  [
    /table of contents|contents|inhaltsverzeichnis|inhalt|sommaire|índice|indice|spis treści|innehåll|indholdsfortegnelse|inhoudsopgave/,
    "Table of Contents",
  ],
  [/post (?:a )?comment.{0,6}/, "Post a comment"], // comment prompts
  // "Read also" and "see also" in other languages
  [/mehr zum thema|lesen sie auch|auch interessant|weitere artikel|zum thema/, "Lesen Sie auch"],
  ["das könnte sie auch interessieren", "Das könnte Sie auch interessieren"],
  [/(?:à )?lire aussi|leer más|lee también|leggi anche|czytaj (?:też|także)/, "Lire aussi"],
  [/läs också|les også|se også|lees ook|zie ook/, "Lees ook"],
  [/\d+ (?:seconds?|minutes?|hours?|days?|weeks?) ago/, "3 hours ago"], // relative time stamps
  // Reading-time labels ("5 min read", "Lesezeit")
  [/(?:\d+ )?(?:min|minuten|minutes?) (?:read|lesezeit|de lecture)/, "5 min read"],
  // A byline or date run together with the reading time ("Jane Doe | 5 min read")
  [
    /[^.!?]{0,60}[|·•-]\s*\d+\s*(?:min|minuten|minutes?|minutos|minuti)\.? (?:read|lesezeit|de lecture|de lectura|di lettura|leestijd)/,
    "Jane Doe | 5 min read",
  ],
  [
    /(?:reading time|lesezeit|lesedauer|temps de lecture|tempo de leitura|tiempo de lectura)\W*\d+ \p{L}+/u,
    "Lesedauer: 4 Minuten",
  ],
  // Tag-list labels
  [/(?:related )?tags|filed under|topics|schlagworte|stichworte/, "Filed under"],
  ["more", "More"], // "more" links
  [/\d+\s*(?:-\s*\d+\s*)?(?:of|von|de|sur|di|z)\s*\d+/, "3 of 12"], // gallery and page counters
  // Pager links
  [/(?:next|prev|previous|zurück|weiter)(?:\s+(?:next|prev|previous|zurück|weiter))?/, "Previous"],
  // Social-profile prompts
  [
    /follow .{1,40} on (?:instagram|facebook|twitter|x|youtube|tiktok|whatsapp)\b.{0,60}/,
    "Follow The Courier on Instagram",
  ],
];
export const BOILERPLATE_TEXT = wholeText(BOILERPLATE_PHRASES);

/** Lead-ins of a byline, in the corpus' languages (case as written: see BYLINE_NAME_TEXT). */
const BYLINE_LEAD_INS: readonly Rule[] = [
  [/[Bb]y|BY|[Ww]ritten by/, "By Jane Doe"],
  [/[Vv]on|VON/, "Von Max Muster und Erika Muster"],
  [/[Pp]ar|[Pp]or|[Dd]oor|[Aa]v|[Aa]f|[Dd]i|[Dd]e|[Pp]rzez|[Оо]т/, "Par Jeanne Dupont"],
  [/[Tt]ekst|[Tt]ext|[Aa]utor|[Aa]uthor/, "Text: A. Author"],
];

/**
 * A byline: a lead-in and one or more capitalised names ("By Jane Doe", "Von Max Muster und
 * Erika Muster", "Text: A. Author"). Case-sensitive on purpose: with case folding `\p{Lu}`
 * would match any word and "De går på ski" would read as a byline.
 */
export const BYLINE_NAME_TEXT = new RegExp(
  String.raw`^${alternation(BYLINE_LEAD_INS)}[:\s]+\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3}(?:\s*(?:,|\||and|und|et|y|e|og|och|en|&)\s*\p{Lu}[\p{L}.'’-]*(?:\s+\p{Lu}[\p{L}.'’-]*){0,3})*\s*$`,
  "u",
);

/** Short lines that are a time stamp or a bare byline lead-in ("Updated: 3 May, 10:12"). */
const BYLINE_LINES: readonly Rule[] = [
  // A bare byline lead-in left over once the name link is gone
  [/^(?:by|von|par|por|door|av|af|di|de)$/, "By"],
  // "Updated: 3 May 2026, 10:12", "Stand: 08.07.2026 05:00 Uhr", "Publiziert17. Dezember 2024"
  [
    /^(?:stand|updated|published|first published|posted|last updated|aktualisiert|veröffentlicht|publiziert|erstellt|publié|mis à jour|publicado|actualizado|pubblicato|aggiornato|opublikowano|publicerad|oppdatert|publisert)(?=[\s:\d])[^!?]{0,60}\d[^!?]{0,40}$/,
    "Updated: 3 May 2026, 10:12",
  ],
  // "Jane Doe | Published 15 hours ago"
  [
    /^[^.!?]{0,60}\|\s*(?:published|updated|posted)\b[^.!?]{0,40}$/,
    "Jane Doe | Published 15 hours ago",
  ],
  // "05/10/2018 - Published by: Jane Doe - Category: Health"
  [
    /^[^!?]{0,40}\b(?:published|posted|written|publicado|publié|veröffentlicht|pubblicato) (?:by|por|par|von|da)\b.{0,120}$/,
    "05/10/2018 - Published by: Jane Doe - Category: Health",
  ],
];
export const BYLINE_TEXT = anywhere(BYLINE_LINES);

/** Image captions and credits written as text. */
const CAPTION_LINES: readonly Rule[] = [
  // A parenthesised credit or photo label at the end: "... (Image: Agency)", "... (Archivbild)"
  [
    /\((?:image|images|photo|photos|picture|pictures|foto|fotos|bild|bilder|archivbild|symbolbild|file photo|credit|source|quelle|crédit|crédito)(?:\s*:[^)]{1,80})?\)\s*$/,
    "The harbour at dawn (Photo: Jane Doe)",
  ],
  // A labelled credit: "Photo: Jane Doe", "Bildrechte: Agentur"
  [
    /^(?:image|photo|picture|foto|bild|bildrechte|bildquelle|credit|crédit|crédito|copyright|фото|иллюстрация)s?\s*:\s*\S[^.!?]{0,80}$/,
    "Bildquelle: Agentur",
  ],
  [/^(?:©|copyright\s*(?:©|@|\(c\)|\d{4}))/, "© 2026 Jane Doe"], // a copyright line
  [/©\s*[^©.!?]{1,60}$/, "The mill at dusk © Jane Doe"], // a credit after a caption
  // A rights notice closing the line ("All rights reserved", "無断転載を禁じます")
  [
    /\b(?:all rights reserved|alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|tutti i diritti riservati|alle rettigheter forbeholdt|alla rättigheter förbehållna)\W*$|無断転載|版权所有|版權所有/,
    "© The Courier. All rights reserved.",
  ],
];
export const CAPTION_TEXT = anywhere(CAPTION_LINES);

/** Newsletter and messenger-channel promotions ("Sign up for our newsletter", "Unser WhatsApp-Kanal"). */
const PROMO_LINES: readonly Rule[] = [
  [/\b(?:whatsapp|telegram)[- ](?:kanal|channel)\b/, "Unser WhatsApp-Kanal"], // messenger channels
  [
    /\bdelivered (?:straight |directly )?to your inbox\b/,
    "The best stories, delivered to your inbox",
  ],
  [/\bsubscribe (?:now|today|here)\b/, "Subscribe now for full access"], // subscription offers
  // Donation and membership appeals
  [
    /\b(?:support (?:our|independent|quality) journalism|become a (?:member|subscriber|supporter|patron))\b/,
    "Support independent journalism: become a member",
  ],
  // The small print of a sign-up form
  [
    /^by (?:signing up|subscribing|registering|clicking|entering your email|providing your email)\b/,
    "By signing up, you agree to our terms.",
  ],
  // Paywall notices ("Already a subscriber? Log in", "La suite est réservée aux abonnés")
  [
    /\balready (?:have an account|a (?:subscriber|member))\b|\b(?:exclusive|available|reserved) (?:only )?(?:to|for) (?:our )?(?:paying |premium |digital )?subscribers\b|\b(?:paying |premium )?members only\b|\bréservée? aux abonnés\b|\bbereits (?:kunde|abonnent(?:in)?)\b|\bexclusivo para (?:suscriptores|assinantes)\b/,
    "Already a subscriber? Log in",
  ],
  // Messenger-channel and social-profile promotions ("Join us on WhatsApp", "... and follow
  // us on Facebook", "Follow news.example on X"), inside a longer line
  [/\b(?:join|follow) us on (?:whatsapp|telegram|signal)\b/, "Join us on WhatsApp"],
  [
    /\bfollow (?:us|\S+\.\S+) on (?:facebook|instagram|twitter|x|youtube|tiktok|linkedin|threads|bluesky|mastodon)\b/,
    "Catch up on our coverage, and follow us on Facebook and Instagram.",
  ],
  // A tip line: an invitation to write in ("Got a story? Email us", "get in touch"), with the
  // desk's e-mail address
  [
    /(?:\?[^@]{0,80}\b(?:e-?mail|write to|contact|send|reach|tell|message) (?:us|me|our)\b|\bget in touch\b)[^@]{0,80}\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/,
    "Got a story? Email us at news@courier.example",
  ],
  // The small print of a newsletter form ("You can unsubscribe at any time")
  [
    /\b(?:unsubscribe|opt out) at any time\b|\bjederzeit (?:wieder )?abmelden\b/,
    "You can unsubscribe at any time.",
  ],
];
export const PROMO_TEXT = anywhere(PROMO_LINES);

/**
 * A newsletter named in a short block: an offer when the block stands apart, but a
 * sentence of the story when it sits in the story's run of paragraphs.
 */
const PROMO_MENTIONS: readonly Rule[] = [
  [/\bnewsletters?\b/, "Get the newsletter every morning"], // newsletter offers
];
export const PROMO_MENTION_TEXT = anywhere(PROMO_MENTIONS);

/**
 * Placeholders of embedded content held back until the reader consents ("External
 * content from ... Click to show"): the embed's stand-in, not text of the story.
 */
const CONSENT_LINES: readonly Rule[] = [
  [
    /\b(?:extern(?:e[nrs]?)? inhalte?|external (?:content|media)|contenu externe|contenido externo|contenuto esterno)\b/,
    "An dieser Stelle finden Sie externen Inhalt.",
  ],
  [
    /\b(?:third[- ]party|drittanbieter\w*|drittplattform\w*) (?:content|inhalte?|cookies)\b/,
    "Please enable third-party cookies to see this post.",
  ],
];
export const CONSENT_TEXT = anywhere(CONSENT_LINES);

/** Affiliate and funding disclosures, a line under the headline or above the links. */
const AFFILIATE_LINES: readonly Rule[] = [
  [
    /\b(?:we|i) (?:may )?(?:earn|receive|get|make) (?:a )?(?:small )?(?:commission|compensation|affiliate)/,
    "We may earn a commission from links on this page.",
  ],
  [/\breader-supported\b/, "We are a reader-supported site."],
  [
    /\b(?:earn|earns|earned|make|receive)\b[^.!?]{0,40}\bqualifying purchases\b/,
    "I earn from qualifying purchases.",
  ],
  [
    /\b(?:may |might )?contains? affiliate links\b|\baffiliate links? (?:on|in) this (?:post|page|article)\b/,
    "This post may contain affiliate links.",
  ],
  [/\bas an amazon associate\b/, "As an Amazon Associate we earn from qualifying purchases."],
];
export const AFFILIATE_TEXT = anywhere(AFFILIATE_LINES);

/**
 * Disclaimers ("for informational purposes only", "not financial advice"): a box made
 * mostly of them earns no score, so a long disclaimer under a short article cannot be
 * chosen as the body (it stays when it sits inside the article: some publishers count it
 * as text). Copyright lines are not here: they share a box with short stories.
 */
const LEGAL_LINES: readonly Rule[] = [
  [
    /\bfor (?:general )?(?:informational|information|educational) purposes only\b/,
    "This page is for informational purposes only.",
  ],
  [
    /\b(?:is|are|does|do|should) not (?:be )?(?:intended (?:to|as)|constitute|construed as|considered|replace|a substitute for)\b[^.]{0,80}\badvice\b/,
    "It does not constitute financial advice.",
  ],
  [/\bpast performance (?:is|does) (?:not|no)\b/, "Past performance is no guarantee."],
];
export const LEGAL_TEXT = anywhere(LEGAL_LINES);

/** A short block saying the article's related links follow ("Related", "Read more"). */
const RELATED_HEADINGS: readonly Rule[] = [
  [/related(?: articles| stories| content| coverage| news| links)?/, "Related coverage"],
  [/read (?:more|next)/, "Read more"],
  [/more on this(?: story| topic)?/, "More on this topic"],
  [/more from .{1,40}/, "More from The Courier"],
  [/you (?:may|might) (?:also )?like/, "You might also like"],
  [/you (?:may|might) (?:also )?be interested in.{0,40}/, "You may also be interested in"],
  [/recommended(?: for you)?/, "Recommended for you"],
  [/see also|also read|further reading/, "Further reading"],
  // The same in other languages
  [
    /mehr zum thema(?: .{1,40})?|weitere artikel|auch interessant|lesen sie auch|themen/,
    "Mehr zum Thema",
  ],
  ["das könnte sie auch interessieren", "Das könnte Sie auch interessieren"],
  [/(?:à )?lire aussi|sur le même sujet/, "Sur le même sujet"],
  [/leer más|lee también|más noticias|leggi anche/, "Leggi anche"],
  [/czytaj (?:też|także)|läs också|les også|lees ook|zie ook/, "Zie ook"],
  [/você pode gostar|veja também|leia também/, "Leia também"],
];
export const RELATED_HEADING = wholeText(RELATED_HEADINGS);

/** Short blocks starting like this are teasers to other articles ("READ MORE: ..."). */
const TEASER_PREFIXES: readonly Rule[] = [
  [/read (?:more|also)|also read|see also|more|recommended/, "READ MORE: Council votes"],
  ["related", "Related: Council votes"],
  [/watch|listen/, "WATCH: The river at night"], // links to a video or podcast
  // The same in other languages
  [/lesen sie (?:auch|mehr)|mehr zum thema|auch interessant/, "Lesen Sie auch: Der Fluss"],
  [/(?:à )?lire aussi|leer más|lee también|leggi anche/, "Lire aussi : La crue"],
  [/czytaj (?:też|także)|läs också|les også|lees ook|zie ook/, "Lees ook: De rivier"],
];
export const TEASER_PREFIX = prefixText(TEASER_PREFIXES);

/** Every list, for the tests that check each entry catches its example. */
export const RULE_LISTS = {
  unlikelyNames: UNLIKELY_NAMES,
  maybeNames: MAYBE_NAMES,
  boilerplateWords: BOILERPLATE_WORDS,
  boilerplateTokens: BOILERPLATE_TOKENS,
  positiveNames: POSITIVE_NAMES,
  negativeNames: NEGATIVE_NAMES,
  negativeTokens: NEGATIVE_TOKENS,
  layoutNames: LAYOUT_NAMES,
  regionNames: REGION_NAMES,
  quotedEmbedWords: QUOTED_EMBED_WORDS,
  leadWords: LEAD_WORDS,
  disclosureWords: DISCLOSURE_WORDS,
  callToActionWords: CALL_TO_ACTION_WORDS,
  boilerplatePhrases: BOILERPLATE_PHRASES,
  bylineLeadIns: BYLINE_LEAD_INS,
  bylineLines: BYLINE_LINES,
  captionLines: CAPTION_LINES,
  promoLines: PROMO_LINES,
  promoMentions: PROMO_MENTIONS,
  consentLines: CONSENT_LINES,
  legalLines: LEGAL_LINES,
  affiliateLines: AFFILIATE_LINES,
  relatedHeadings: RELATED_HEADINGS,
  teaserPrefixes: TEASER_PREFIXES,
} as const;

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
/** In-page anchors (footnotes, tables of contents) count this much as link text: they are not teasers. */
export const IN_PAGE_LINK_WEIGHT = 0.3;
/** Short blocks (chars) are judged by their text patterns; long ones are prose. */
export const SHORT_BLOCK_CHARS = 120;
