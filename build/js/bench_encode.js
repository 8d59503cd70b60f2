// Times the reference GPT-2 encoder (npm gpt-3-encoder) on a corpus, for the "bpe-encode" benchmark
// (test/Benchmarks/Tokenizers/BpeEncodeBenchmark.cs), which runs our encoder on the same stories in the same run.
//
//     node build/js/bench_encode.js <stories.jsonl> [ids-out.txt]
//
// Reads one {"text": ...} story per line; only the encoding loop is timed. The first pass starts with the
// encoder's word cache empty ("cold"), the second reuses it ("warm"). Prints one JSON line with the timings
// (wall-clock and process CPU seconds) and, given ids-out.txt, writes each story's ids there as one line of space-separated numbers.
'use strict';
const fs = require('fs');
const { encode } = require('gpt-3-encoder');

const [input, idsOut] = process.argv.slice(2);
if (!input) {
  console.error('usage: node build/js/bench_encode.js <stories.jsonl> [ids-out.txt]');
  process.exit(2);
}
const stories = fs.readFileSync(input, 'utf8').split('\n').filter(line => line.length > 0).map(line => JSON.parse(line).text);

// Wall-clock seconds, and CPU seconds of the whole process (a fairer measure on a busy shared machine).
function timePass() {
  const ids = new Array(stories.length);
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < stories.length; i++) ids[i] = encode(stories[i]);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { ids, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

const cold = timePass();
const warm = timePass();
const tokens = cold.ids.reduce((sum, ids) => sum + ids.length, 0);
if (idsOut) fs.writeFileSync(idsOut, cold.ids.map(ids => ids.join(' ')).join('\n') + '\n');
console.log(JSON.stringify({
  stories: stories.length, tokens,
  coldSeconds: cold.seconds, coldCpuSeconds: cold.cpuSeconds,
  warmSeconds: warm.seconds, warmCpuSeconds: warm.cpuSeconds,
}));
