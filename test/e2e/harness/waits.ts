/**
 * Web-first assertions for playwright-core, which has no `expect` of its own
 * (that lives in @playwright/test, not installed). A `count()`,
 * `textContent()`, `inputValue()` or `isChecked()` read once is a snapshot of
 * a page that may still be rendering; each helper here reads again until the
 * page holds what is expected or the deadline passes, then fails saying what
 * it expected and what it saw last.
 *
 * Reads go through `evaluateAll`, which never waits itself, so one slow read
 * cannot eat the whole deadline; a locator that matches more than one element
 * is reported as such instead of being read.
 */
import type { Locator, Page } from 'playwright-core';

/** Long enough for a busy 2-core machine with another suite running beside. */
export const WAIT_MS = 20_000;

export interface WaitOptions {
  timeout?: number;
}

type Text = string | RegExp;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const show = (value: unknown) => {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
};
const matches = (actual: string | null, expected: Text) =>
  actual !== null && (typeof expected === 'string' ? actual === expected : expected.test(actual));

/**
 * Calls `probe` until it returns something other than undefined, and returns
 * that; throws naming `what` after `timeout`. The probe's own error (if it
 * threw last) is part of the message.
 */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  { timeout = WAIT_MS }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last = '';
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = `; last error: ${(error as Error).message.split('\n')[0]}`;
    }
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}${last}`);
    await pause(delay);
  }
}

/** Reads until `accept` holds; the failure names the locator, the expectation and the last value read. */
async function expectRead<T>(
  target: string,
  expected: string,
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeout = WAIT_MS }: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + timeout;
  let last: string;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    try {
      const value = await read();
      if (accept(value)) return;
      last = show(value);
    } catch (error) {
      last = (error as Error).message.split('\n')[0];
    }
    if (Date.now() >= deadline) {
      throw new Error(`${target}: expected ${expected} within ${timeout} ms, last saw ${last}`);
    }
    await pause(delay);
  }
}

/** The one element's value, or an error saying there is none or several. */
function single<T>(locator: Locator, values: T[]): T {
  if (values.length === 1) return values[0];
  throw new Error(values.length === 0 ? 'no such element' : `${values.length} elements match ${locator}`);
}

export async function expectCount(
  locator: Locator,
  expected: number | { atLeast: number },
  options: WaitOptions = {},
): Promise<void> {
  const atLeast = typeof expected === 'number' ? undefined : expected.atLeast;
  await expectRead(
    String(locator),
    atLeast === undefined ? `${String(expected)} element(s)` : `at least ${atLeast} element(s)`,
    () => locator.count(),
    (n) => (atLeast === undefined ? n === expected : n >= atLeast),
    options,
  );
}

/** The element's whole textContent equals `expected` (or matches the RegExp). */
export async function expectText(locator: Locator, expected: Text, options: WaitOptions = {}): Promise<void> {
  await expectRead(
    String(locator),
    `text ${show(expected)}`,
    async () => single(locator, await locator.evaluateAll((els) => els.map((el) => el.textContent))),
    (text) => matches(text, expected),
    options,
  );
}

/** The element's textContent contains every one of `parts`. */
export async function expectTextContaining(
  locator: Locator,
  parts: string | string[],
  options: WaitOptions = {},
): Promise<void> {
  const wanted = typeof parts === 'string' ? [parts] : parts;
  await expectRead(
    String(locator),
    `text containing ${wanted.map(show).join(' and ')}`,
    async () => single(locator, await locator.evaluateAll((els) => els.map((el) => el.textContent))),
    (text) => text !== null && wanted.every((part) => text.includes(part)),
    options,
  );
}

/** An input's, textarea's or select's current value. */
export async function expectValue(
  locator: Locator,
  expected: Text,
  options: WaitOptions = {},
): Promise<void> {
  await expectRead(
    String(locator),
    `value ${show(expected)}`,
    async () =>
      single(locator, await locator.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value))),
    (value) => matches(value, expected),
    options,
  );
}

/** An attribute's value; `null` expects the attribute to be absent. */
export async function expectAttribute(
  locator: Locator,
  name: string,
  expected: Text | null,
  options: WaitOptions = {},
): Promise<void> {
  await expectRead(
    String(locator),
    `${name}=${show(expected)}`,
    async () =>
      single(locator, await locator.evaluateAll((els, attr) => els.map((el) => el.getAttribute(attr)), name)),
    (value) => (expected === null ? value === null : matches(value, expected)),
    options,
  );
}

export async function expectChecked(
  locator: Locator,
  checked = true,
  options: WaitOptions = {},
): Promise<void> {
  await expectRead(
    String(locator),
    checked ? 'checked' : 'not checked',
    async () =>
      single(locator, await locator.evaluateAll((els) => els.map((el) => (el as HTMLInputElement).checked))),
    (value) => value === checked,
    options,
  );
}

export async function expectFocused(locator: Locator, options: WaitOptions = {}): Promise<void> {
  await expectRead(
    String(locator),
    'the focus',
    async () =>
      single(locator, await locator.evaluateAll((els) => els.map((el) => el === document.activeElement))),
    (focused) => focused,
    options,
  );
}

/** The page's HTML no longer holds `text` (a secret shown once, gone after Done). */
export async function expectPageLacks(page: Page, text: string, options: WaitOptions = {}): Promise<void> {
  await expectRead(
    'the page',
    `no ${show(text.slice(0, 12) + '…')}`,
    () => page.content(),
    (html) => !html.includes(text),
    options,
  );
}
