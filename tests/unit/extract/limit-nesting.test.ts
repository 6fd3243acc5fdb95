import { describe, expect, it } from "vitest";
import { limitNesting } from "../../../functions/core/extract/body/limit-nesting";

/** Text that makes a page long enough to be scanned at all. */
const PADDING = `<p>${"Canal boats pass again. ".repeat(400)}</p>`;

describe("limitNesting", () => {
  it("drops tags nested past the limit and keeps their text; void tags add no depth", () => {
    const html = `${PADDING}<div><br><img src="a.jpg"><INPUT type=text><Source src=b><div><div><div>deep</div></div></div></div>`;
    const out = limitNesting(html, 3);
    expect(out).toBe(
      `${PADDING}<div><br><img src="a.jpg"><INPUT type=text><Source src=b><div><div>deep</div></div></div>`,
    );
  });

  it("counts tags whose names only start like a void tag's (colgroup, sourcefoo)", () => {
    const html = `${PADDING}<colgroup><sourcefoo><brx><section>inside</section></brx></sourcefoo></colgroup>`;
    expect(limitNesting(html, 3)).toBe(
      `${PADDING}<colgroup><sourcefoo><brx>inside</brx></sourcefoo></colgroup>`,
    );
    expect(limitNesting(html, 4)).toBe(html);
  });

  it("leaves a page within the limit, or too short to nest deeply, as it is", () => {
    const shallow = `${PADDING}<div><div>text</div></div>`;
    expect(limitNesting(shallow, 3)).toBe(shallow);
    const short = "<div><div><div><div>x</div></div></div></div>";
    expect(limitNesting(short, 1)).toBe(short);
  });
});
