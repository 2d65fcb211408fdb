/**
 * What a person sees go wrong with a layout: the page scrolls sideways, a heading, label or
 * button shows only part of its text, a one-word button or header breaks its word across lines,
 * or a control sits off the right edge of the window.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The problems on the page as it is now, each naming the element by its text. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1)
      problems.push(
        `the page scrolls sideways: ${doc.scrollWidth} px wide in a ${window.innerWidth} px window`,
      );
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 60)}"`;
    const cut =
      'th, td, [role=columnheader], [role=cell], label, legend, button, h1, h2, h3, h4, nav a, .tabs a, .badge, dt';
    for (const el of document.querySelectorAll<HTMLElement>(cut)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue; // not shown
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
        problems.push(`${name(el)} is cut: ${el.scrollWidth} px of text in ${el.clientWidth} px`);
      if (box.right > window.innerWidth + 1)
        problems.push(`${name(el)} leaves the window: its right edge at ${Math.round(box.right)} px`);
    }
    // A word split across lines ("Deaktiv / ieren"): a one-word button, header, badge or link on two lines.
    for (const el of document.querySelectorAll<HTMLElement>(
      'button, th, [role=columnheader], .badge, nav a, .tabs a',
    )) {
      const text = (el.textContent ?? '').trim();
      if (!text || /[\s-]/.test(text)) continue; // breaks between words or at a hyphen are fine
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = new Set(
        [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)),
      );
      if (lines.size > 1) problems.push(`${name(el)} breaks its word across ${lines.size} lines`);
    }
    for (const el of document.querySelectorAll<HTMLElement>('.log-body, .table-scroll')) {
      if (el.scrollWidth > el.clientWidth + 1)
        problems.push(`${el.className} scrolls sideways: ${el.scrollWidth} px in ${el.clientWidth} px`);
    }
    return problems;
  });
}

/** Waits until the layout has no problem (fonts and data arrive), then says what is left. */
export async function expectClean(page: Page, where: string): Promise<void> {
  let problems: string[] = [];
  await expect
    .poll(async () => (problems = await layoutProblems(page)).length, { timeout: 10_000 })
    .toBe(0)
    .catch(() => undefined);
  expect(problems, where).toEqual([]);
}
