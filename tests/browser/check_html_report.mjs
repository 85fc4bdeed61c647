// The review page in a real browser: headless Chromium from file://, no
// network. Run by .ci/run (which installs Debian's chromium and
// playwright-core from npm when they are missing):
//
//   node tests/browser/check_html_report.mjs COPYDESK PLAYWRIGHT_CORE_DIR [SCREENSHOT.png]
//
// For the seed's report, a small run's and an article holding markup, it
// checks that every change of the JSON report is on the page with its rule
// and reason, that the rule filter and the j/k keys work, and that markup in
// an article is shown as text and runs nothing.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";

const [copydesk, pwDir, screenshot] = process.argv.slice(2).map((p) => p && resolve(p));
const require = createRequire(join(pwDir, "package.json"));
const { chromium } = require("playwright-core");
const dir = mkdtempSync(join(tmpdir(), "copydesk-html-"));
const run = (args) => execFileSync(copydesk, args, { stdio: ["ignore", "pipe", "pipe"] });
const fail = (msg) => { console.error("check_html_report: " + msg); process.exit(1); };

// The inputs: the seed, an article with markup in it, a small run.
// Named from the repository's root, as a user would (the page shows it).
const seed = "fixtures/000_a5cf3d5e05a89805.txt";
const hostile = join(dir, "hostile.txt");
writeFileSync(hostile, [
  "Council <script>alert(1)</script> approves </textarea> plan",
  "", "TT", "",
  "Council <script>alert(1)</script> approves </textarea> plan",
  "", "The council approved the plan <img src=x onerror=alert(2)> on Tuesday after a long debate about the quay.", "",
].join("\n"));
const runDir = join(dir, "news");
mkdirSync(join(runDir, "site"), { recursive: true });
for (let k = 0; k < 3; k++) {
  writeFileSync(join(runDir, "site", `a${k}.txt`), [
    `Ferry timetable changes for winter number ${["one", "two", "three"][k]}`, "",
    "Share this article", "",
    `Ferry timetable changes for winter number ${["one", "two", "three"][k]}`, "",
    "The operator  will run fewer crossings from December, the council said, and more in the spring when the days grow longer.", "",
    "Share this article", "",
  ].join("\n"));
}

const pages = [];
for (const [name, input] of [["seed", seed], ["hostile", hostile]]) {
  run(["clean", input, "-o", join(dir, name + ".clean.txt"), "--report", join(dir, name + ".json")]);
  run(["clean", input, "-o", join(dir, name + ".clean.txt"), "--report", join(dir, name + ".html")]);
  pages.push({ name, html: join(dir, name + ".html"), json: join(dir, name + ".json") });
}
run(["clean", runDir, "--out-dir", join(dir, "out"), "--report-format", "html", "-q"]);
pages.push({ name: "run", html: join(dir, "out", "copydesk-report.html"), json: join(dir, "out", "copydesk-report.json") });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
for (const p of pages) {
  const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  const errors = [];
  let dialogs = 0;
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("dialog", async (d) => { dialogs++; await d.dismiss(); });
  page.on("request", (r) => { if (!r.url().startsWith("file:")) errors.push("network: " + r.url()); });
  await page.goto("file://" + p.html);
  // Open every file's section.
  await page.evaluate(() => { for (const d of document.querySelectorAll("details.file")) { d.open = true; d.build(); } });
  const report = JSON.parse(readFileSync(p.json, "utf8"));
  const shown = await page.evaluate(() => [...document.querySelectorAll(".change")].map((e) => ({ rule: e.dataset.rule, text: e.textContent })));
  // A run's page lists removals and flags, and counts rewrites per rule.
  const expected = report.files.flatMap((f) => f.changes)
    .filter((c) => p.name !== "run" || c.action !== "changed");
  if (shown.length !== expected.length) fail(`${p.name}: ${shown.length} changes on the page, ${expected.length} in the report`);
  expected.forEach((c, i) => {
    if (shown[i].rule !== c.rule || !shown[i].text.includes(c.reason)) fail(`${p.name}: change ${i} (${c.rule}: ${c.reason}) is not on the page as such`);
  });
  // The filter hides a rule's changes and shows them again.
  const rule = expected[0].rule;
  const box = page.locator(`#filters input[data-rule="${rule}"]`);
  await box.uncheck();
  const hidden = await page.evaluate((r) => [...document.querySelectorAll(`.change[data-rule="${r}"]`)].every((e) => e.classList.contains("hidden")), rule);
  if (!hidden) fail(`${p.name}: the filter did not hide ${rule}`);
  await box.check();
  // j and k move from change to change (from the page, not the checkbox).
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  const second = await page.evaluate(() => [...document.querySelectorAll(".change")].findIndex((e) => e.classList.contains("current")));
  await page.keyboard.press("k");
  const first = await page.evaluate(() => [...document.querySelectorAll(".change")].findIndex((e) => e.classList.contains("current")));
  if (expected.length > 1 && !(second === 1 && first === 0)) fail(`${p.name}: j/k went to ${second} then ${first}`);
  if (p.name === "hostile") {
    const text = await page.evaluate(() => document.body.textContent);
    if (!text.includes("<script>alert(1)</script>") || !text.includes("</textarea>")) fail("hostile: the markup is not shown as text");
    const injected = await page.evaluate(() => document.querySelectorAll("main script, main img, main textarea").length);
    if (injected) fail("hostile: markup from the article became elements");
  }
  if (dialogs) fail(`${p.name}: the article's script ran (${dialogs} dialogs)`);
  if (errors.length) fail(`${p.name}: ${errors.join("; ")}`);
  if (p.name === "seed" && screenshot) {
    await page.evaluate(() => document.querySelector(".current")?.classList.remove("current"));
    await page.screenshot({ path: screenshot });
  }
  console.log(`html report, ${p.name}: ${expected.length} changes shown with rule and reason; filter and j/k work`);
  await page.close();
}
await browser.close();
