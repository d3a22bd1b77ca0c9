// Pre-test step (npm's `pretest`): the queue tests need Debian's redis-server and the browser tests
// Debian's chromium. When one is missing and we run as root, install it with apt-get; otherwise
// fail with one line that says what to install. Nothing here runs on a machine that has both.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian package name → the program the tests run. */
const NEEDED = [
  { pkg: 'redis-server', bin: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'] },
  { pkg: 'chromium', bin: ['/usr/bin/chromium'] },
];

const missing = NEEDED.filter((n) => !n.bin.some((b) => existsSync(b))).map((n) => n.pkg);
if (missing.length === 0) process.exit(0);

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
if (!isRoot || !hasApt) {
  console.error(
    `ensure-system-deps: the tests need ${missing.join(' and ')}: install with \`sudo apt-get install -y ${missing.join(' ')}\``,
  );
  process.exit(1);
}
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) =>
  spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env,
  }).status;
console.error(`ensure-system-deps: installing ${missing.join(' ')} with apt-get`);
if (
  run(['update', '-q']) !== 0 ||
  run(['install', '-y', '-q', '--no-install-recommends', ...missing]) !== 0
) {
  console.error(`ensure-system-deps: apt-get install ${missing.join(' ')} failed; install them by hand`);
  process.exit(1);
}
