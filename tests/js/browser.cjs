// The Chromium the checks drive: $CHROMIUM, else the system's (Debian's
// package installs /usr/bin/chromium).
const fs = require('fs');

function browserPath() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('no Chromium found (set CHROMIUM or install Debian\'s chromium)');
}

module.exports = { browserPath };
