// Opens a generated data dictionary from disk in headless Chromium (driven
// by playwright-core) as a user would: the index, a search, a result link,
// a reference link, and a card of the SVG diagram.  Reads
// {dir, query, expect, screenshot?} as JSON on stdin; writes what it saw.
// Any request that is not file:// is recorded (the site must need no network).
const path = require('path');
const { chromium } = require('playwright-core');
const { browserPath } = require('./browser.cjs');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const job = JSON.parse(input);
  const browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] });
  const seen = { network: [], errors: [] };
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => { if (!r.url().startsWith('file://')) seen.network.push(r.url()); });
    page.on('pageerror', (e) => seen.errors.push(String(e)));
    const index = 'file://' + path.resolve(job.dir, 'index.html');
    await page.goto(index);
    seen.title = await page.title();
    seen.tableRows = await page.locator('#all-tables table.grid tr').count();
    await page.fill('#search', job.query);
    seen.results = await page.locator('#results li a').allTextContents();
    seen.allHidden = await page.locator('#all-tables').isHidden();
    if (job.screenshot) await page.screenshot({ path: job.screenshot, fullPage: false });
    if (job.screenshotIndex) {
      await page.fill('#search', '');
      await page.locator('#diagram-heading').scrollIntoViewIfNeeded();
      await page.waitForTimeout(500);
      await page.screenshot({ path: job.screenshotIndex, fullPage: false });
      await page.fill('#search', job.query);
    }
    const link = page.locator('#results li a', { hasText: job.expect }).first();
    await link.click();
    await page.waitForLoadState('load');
    seen.afterClickUrl = page.url();
    seen.heading = await page.locator('#table-name').textContent();
    seen.columns = await page.locator('main table.grid').first().locator('tr').count() - 1;
    const ref = page.locator('#refs-out a').first();
    if (await ref.count()) {
      const name = await ref.textContent();
      await ref.click();
      await page.waitForLoadState('load');
      seen.followedReference = { name, heading: await page.locator('#table-name').textContent() };
    }
    if (job.screenshotTable) {
      await page.goto(seen.afterClickUrl);
      await page.screenshot({ path: job.screenshotTable, fullPage: false });
    }
    // the diagram: a card's link leads to its table
    const svg = await browser.newPage();
    await svg.goto('file://' + path.resolve(job.dir, 'diagram.svg'));
    if (job.screenshotDiagram) await svg.screenshot({ path: job.screenshotDiagram, fullPage: false });
    const cards = svg.locator('g.node a');
    seen.diagramCards = await cards.count();
    if (seen.diagramCards) {
      const card = cards.first();
      const label = await card.getAttribute('xlink:title');
      await card.locator('text').first().click();
      await svg.waitForLoadState('load');
      seen.diagramClick = { label, url: svg.url(), heading: await svg.locator('#table-name').textContent() };
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(JSON.stringify(seen));
});
