// Reads [{name, text}] as JSON on stdin and checks each with Mermaid's own
// parser (mermaid.parse, the library's dist bundle) inside headless Chromium,
// which gives it the DOM it needs.  Writes [{name, ok, type, error}].
// CHROMIUM names the browser (default: the system's chromium).
const path = require('path');
const { chromium } = require('playwright-core');
const { browserPath } = require('./browser.cjs');

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', async () => {
  const docs = JSON.parse(input);
  const browser = await chromium.launch({ executablePath: browserPath(), args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body></body></html>');
    await page.addScriptTag({ path: path.join(__dirname, 'node_modules/mermaid/dist/mermaid.min.js') });
    const out = await page.evaluate(async (items) => {
      mermaid.initialize({ startOnLoad: false });
      const results = [];
      for (const item of items) {
        try {
          const r = await mermaid.parse(item.text);
          results.push({ name: item.name, ok: !!r, type: r && r.diagramType });
        } catch (err) {
          results.push({ name: item.name, ok: false, error: String((err && err.message) || err) });
        }
      }
      return results;
    }, docs);
    process.stdout.write(JSON.stringify(out));
  } finally {
    await browser.close();
  }
});
