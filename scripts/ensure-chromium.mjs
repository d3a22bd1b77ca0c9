// Pre-test step of the browser tests: they drive Debian's Chromium at /usr/bin/chromium. When it
// is missing and we run as root (CI, fresh machines), install it with apt-get; otherwise fail
// with one line saying what to install.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    console.error(
      `browser tests need Chromium at ${CHROMIUM}: install it with 'sudo apt-get install -y chromium'`,
    );
    process.exit(1);
  }
  console.error(`installing chromium with apt-get (browser tests need ${CHROMIUM})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (r.status !== 0) {
      console.error(
        `apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal}): install chromium by hand`,
      );
      process.exit(1);
    }
  }
  if (!existsSync(CHROMIUM)) {
    console.error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
    process.exit(1);
  }
}
