/**
 * Bench probe, loaded with `node --require`: records when this process first touches the evidence
 * (opens a file or lists a folder under $FIRST_READ_PREFIX) in $FIRST_READ_OUT, once, as two
 * numbers: the epoch milliseconds (the start-up bench subtracts the time it spawned the process)
 * and the CPU milliseconds the process had used by then, all its threads (user + system; a busy
 * machine stretches the first, hardly the second).
 * Plain JavaScript so it adds no compile step to what it measures.
 */
'use strict';
const fs = require('node:fs');

const prefix = process.env.FIRST_READ_PREFIX;
const out = process.env.FIRST_READ_OUT;
if (prefix && out) {
  let seen = false;
  const mark = (p) => {
    if (seen || typeof p !== 'string' || !p.startsWith(prefix)) return;
    seen = true;
    const cpu = process.cpuUsage();
    fs.writeFileSync(out, `${performance.timeOrigin + performance.now()} ${(cpu.user + cpu.system) / 1000}`);
  };
  const wrap = (obj, name) => {
    const orig = obj[name];
    obj[name] = function probed(p, ...rest) { mark(p); return orig.call(this, p, ...rest); };
  };
  for (const name of ['open', 'readdir', 'opendir', 'stat', 'lstat', 'realpath']) wrap(fs.promises, name);
  for (const name of ['open', 'openSync', 'readdir', 'readdirSync', 'createReadStream']) wrap(fs, name);
}
