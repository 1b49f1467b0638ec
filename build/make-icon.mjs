// Draws build/icon.png (512×512, RGBA): a rounded blue square with a white keyhole.
// electron-builder derives the .ico, .icns and Linux icon sizes from it.
// Run: node build/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;

function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

// Coverage of a pixel by the shape, 4×4 supersampled so edges are smooth.
function coverage(x, y, inside) {
  let hits = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) hits++;
  return hits / 16;
}

const roundedSquare = (x, y) => {
  const r = 96, m = 16, lo = m + r, hi = SIZE - m - r;
  const cx = Math.min(Math.max(x, lo), hi), cy = Math.min(Math.max(y, lo), hi);
  return x >= m && x <= SIZE - m && y >= m && y <= SIZE - m && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const keyhole = (x, y) => {
  const inCircle = (x - 256) ** 2 + (y - 210) ** 2 <= 70 ** 2;
  const t = (y - 230) / (400 - 230); // trapezoid widening downwards
  const half = 34 + 26 * t;
  const inStem = y >= 230 && y <= 400 && Math.abs(x - 256) <= half;
  return inCircle || inStem;
};

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  const row = y * (SIZE * 4 + 1);
  raw[row] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    const bg = coverage(x, y, roundedSquare);
    const hole = coverage(x, y, keyhole);
    // top-to-bottom blue gradient
    const shade = y / SIZE;
    const [br, bgG, bb] = [Math.round(30 + 10 * shade), Math.round(90 - 30 * shade), Math.round(200 - 40 * shade)];
    const o = row + 1 + x * 4;
    raw[o] = Math.round(br * (1 - hole) + 255 * hole);
    raw[o + 1] = Math.round(bgG * (1 - hole) + 255 * hole);
    raw[o + 2] = Math.round(bb * (1 - hole) + 255 * hole);
    raw[o + 3] = Math.round(255 * bg);
  }
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync(new URL('./icon.png', import.meta.url), png);
console.log(`build/icon.png: ${png.length} bytes`);
