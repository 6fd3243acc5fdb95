import { describe, expect, it } from "vitest";
import {
  detectLanguage,
  normalizeLanguageTag,
  resolveLanguage,
} from "../../../functions/core/extract/metadata/language";

const ENGLISH =
  "The city council met on Tuesday evening to discuss the new budget for public transport. " +
  "Several members said that the plan would raise ticket prices for families who depend on buses " +
  "every day, while others argued that the money was needed to repair old tram lines and bridges. " +
  "A final vote is expected next month after a public hearing in the town hall.";
const GERMAN =
  "Der Stadtrat hat am Dienstagabend über den neuen Haushalt für den öffentlichen Nahverkehr beraten. " +
  "Mehrere Mitglieder sagten, dass der Plan die Fahrpreise für Familien erhöhen würde, die jeden Tag " +
  "auf Busse angewiesen sind, während andere meinten, das Geld werde für die Reparatur alter " +
  "Straßenbahnlinien und Brücken gebraucht. Eine Abstimmung wird im nächsten Monat erwartet.";
const FRENCH =
  "Le conseil municipal s'est réuni mardi soir pour discuter du nouveau budget des transports publics. " +
  "Plusieurs membres ont déclaré que le projet augmenterait le prix des billets pour les familles qui " +
  "dépendent des bus chaque jour, tandis que d'autres ont estimé que cet argent était nécessaire pour " +
  "réparer les anciennes lignes de tramway et les ponts. Un vote final est attendu le mois prochain.";
const RUSSIAN =
  "Городской совет во вторник вечером обсудил новый бюджет общественного транспорта. Несколько " +
  "депутатов заявили, что план повысит цены на билеты для семей, которые каждый день пользуются " +
  "автобусами, а другие считают, что деньги нужны для ремонта старых трамвайных линий и мостов.";
const JAPANESE =
  "市議会は火曜日の夜、公共交通機関の新しい予算について話し合いました。数人の議員は、この計画によって毎日バスを利用する家族の運賃が上がると述べました。";

/** Two Nguni languages written alike; the detector's base set (franc-min) has only Zulu. */
const XHOSA =
  "Abantwana bethu baya esikolweni qho ngentsasa, kwaye ootitshala bathi bafunda kakuhle kulo nyaka. " +
  "Umphathiswa wezemfundo uthe urhulumente uza kwakha iiklasi ezintsha kwiilali ezikufutshane nolwandle, " +
  "kodwa abazali bafuna ukwazi ukuba imali iza kuvela phi. Ndiyabulela kakhulu kubo bonke abantu " +
  "abasincedileyo ngexesha lesaqhwithi, utshilo omnye umama ohlala elalini. Iindaba ezininzi ngoku " +
  "zithetha ngeemoto ezintsha nangendlela ezilungiswayo esixekweni. Emva kwentlanganiso, " +
  "amapolisa athi akukho mntu wenzakeleyo, yaye uphando luyaqhubeka kule veki izayo.";
const ZULU =
  "Izingane zethu ziya esikoleni njalo ekuseni, futhi othisha bathi zifunda kahle kulo nyaka. " +
  "Ungqongqoshe wezemfundo uthe uhulumeni uzokwakha amakilasi amasha ezindaweni ezisemaphandleni, " +
  "kodwa abazali bafuna ukwazi ukuthi imali izovela kuphi. Ngiyabonga kakhulu kubo bonke abantu " +
  "abasisizile ngesikhathi sesiphepho, kusho omunye umama ohlala emzaneni. Izindaba eziningi manje " +
  "zikhuluma ngezimoto ezintsha nangemigwaqo elungiswayo edolobheni. Ngemuva komhlangano, " +
  "amaphoyisa athi akekho umuntu olimele, futhi uphenyo luyaqhubeka kuleli sonto elizayo.";
describe("normalizeLanguageTag", () => {
  it.each([
    ["en-US", "en"],
    ["de_DE", "de"],
    ["DE", "de"],
    ["deu", "de"],
    ["ger", "de"],
    ["nb-NO", "no"],
    ["iw", "he"],
    ["English", "en"],
    ["zh-Hans-CN", "zh"],
    ["", null],
    ["x-default", null],
    [null, null],
  ])("%j → %j", (tag, expected) => {
    expect(normalizeLanguageTag(tag)).toBe(expected);
  });
});

describe("detectLanguage", () => {
  it.each([
    [ENGLISH, "en"],
    [GERMAN, "de"],
    [FRENCH, "fr"],
    [RUSSIAN, "ru"],
    [JAPANESE, "ja"],
    [XHOSA, "xh"],
    [ZULU, "zu"],
  ])("detects %#", (text, expected) => {
    expect(detectLanguage(text)).toBe(expected);
  });

  it("returns null for text too short to judge", () => {
    expect(detectLanguage("Hello world")).toBeNull();
  });
});

describe("resolveLanguage", () => {
  it("keeps the markup language when the text agrees", () => {
    expect(resolveLanguage("de-DE", GERMAN)).toEqual({ language: "de", source: "markup" });
  });

  it("detects the language when the markup has none", () => {
    expect(resolveLanguage(null, FRENCH)).toEqual({ language: "fr", source: "text" });
  });

  it("follows the text when it is written in another script than the markup language", () => {
    expect(resolveLanguage("en", RUSSIAN)).toEqual({ language: "ru", source: "text" });
  });

  it("follows the text when a long Latin text clearly is another language", () => {
    expect(resolveLanguage("en", `${GERMAN} ${GERMAN}`)).toEqual({
      language: "de",
      source: "text",
    });
  });

  it("keeps the markup language when the text is too short to contradict it", () => {
    expect(resolveLanguage("en", "Der Stadtrat hat beraten.")).toEqual({
      language: "en",
      source: "markup",
    });
  });

  it("keeps a markup language the detector does not know (no, da) against a close neighbour", () => {
    const danishLike =
      "Byrådet mødtes tirsdag aften for at drøfte det nye budget for den offentlige transport. " +
      "Flere medlemmer sagde, at planen ville hæve billetpriserne for familier, der hver dag er " +
      "afhængige af busser, mens andre mente, at pengene var nødvendige for at reparere gamle sporvognslinjer.";
    expect(resolveLanguage("da", danishLike)).toEqual({ language: "da", source: "markup" });
  });

  it("tells Xhosa from Zulu when the markup declares English (a South African site's default)", () => {
    expect(resolveLanguage("en-ZA", XHOSA)).toEqual({ language: "xh", source: "text" });
    expect(resolveLanguage("en-ZA", ZULU)).toEqual({ language: "zu", source: "text" });
  });

  it("keeps a declared Nguni language against its close neighbour", () => {
    expect(resolveLanguage("zu", XHOSA)).toEqual({ language: "zu", source: "markup" });
    expect(resolveLanguage("xh", ZULU)).toEqual({ language: "xh", source: "markup" });
  });
});
