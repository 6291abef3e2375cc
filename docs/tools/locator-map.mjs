// Draws the demo's locator map of Pyongyang as an SVG, from Natural Earth's public-domain
// country outlines (1:50m) as the npm package world-atlas ships them.
//
//   cd "$(mktemp -d)" && npm i world-atlas@2 topojson-client@3 \
//     && node /path/to/annalist/docs/tools/locator-map.mjs > static/images/pyongyang-locator.svg
//
// An equirectangular projection around the Korean peninsula (x scaled by the cosine of the
// middle latitude), coordinates rounded to a tenth of a pixel; the same input gives the same
// bytes. Pyongyang's position: 39.03° N, 125.75° E.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The packages are looked up from the current folder, where npm installed them.
const require = createRequire(`${process.cwd()}/`);
const { feature } = require('topojson-client');
const world = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8'));
const countries = feature(world, world.objects.countries).features;

const [west, east, south, north] = [117, 136, 32.5, 45];
const width = 640;
const k = Math.cos(((south + north) / 2) * Math.PI / 180);
const scale = width / ((east - west) * k);
const height = Math.round((north - south) * scale);
const x = (lon) => ((lon - west) * k * scale).toFixed(1);
const y = (lat) => ((north - lat) * scale).toFixed(1);

// Points beyond the frame are pulled onto a margin around it: the outline outside is not seen,
// and Russia and China stay a few hundred points rather than thousands.
const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
const ring = (points) => {
  const out = [];
  for (const [lon, lat] of points) {
    const p = `${x(clamp(lon, west - 1, east + 1))},${y(clamp(lat, south - 1, north + 1))}`;
    if (out[out.length - 1] !== p) out.push(p);
  }
  return `M${out.join('L')}Z`;
};
const pathOf = (geometry) => {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons
    .filter((rings) => rings[0].some(([lon, lat]) => lon > west - 5 && lon < east + 5 && lat > south - 5 && lat < north + 5))
    .map((rings) => rings.map(ring).join(''))
    .join('');
};

const shown = { 408: 'North Korea', 410: 'South Korea', 156: 'China', 643: 'Russia', 392: 'Japan' };
const labels = {
  408: [127.3, 40.6], 410: [128.0, 36.4], 156: [121.0, 42.8], 643: [133.2, 44.2], 392: [133.4, 34.6],
};
const pyongyang = [125.75, 39.03];

const parts = countries
  .filter((c) => shown[Number(c.id)])
  .sort((a, b) => Number(a.id) - Number(b.id))
  .map((c) => {
    const id = Number(c.id);
    const fill = id === 408 ? '#d9c9a3' : '#ece7dc';
    return `<path d="${pathOf(c.geometry)}" fill="${fill}" stroke="#8a8173" stroke-width="0.8"/>`;
  });
const names = Object.entries(labels)
  .map(([id, [lon, lat]]) => `<text x="${x(lon)}" y="${y(lat)}" text-anchor="middle">${shown[id]}</text>`);

process.stdout.write(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="t">
<title id="t">Locator map: Pyongyang, the capital of North Korea, on the Korean peninsula between China, Russia, South Korea and Japan</title>
<defs><clipPath id="frame"><rect width="${width}" height="${height}"/></clipPath></defs>
<rect width="${width}" height="${height}" fill="#dbe7ee"/>
<g clip-path="url(#frame)">
${parts.join('\n')}
</g>
<g font-family="sans-serif" font-size="15" fill="#3d3830">
${names.join('\n')}
</g>
<circle cx="${x(pyongyang[0])}" cy="${y(pyongyang[1])}" r="6" fill="#9b1c1c" stroke="#fff" stroke-width="2"/>
<text x="${Number(x(pyongyang[0])) - 10}" y="${Number(y(pyongyang[1])) + 5}" text-anchor="end" font-family="sans-serif" font-size="17" font-weight="bold" fill="#1f1b16">Pyongyang</text>
<text x="${width - 8}" y="${height - 8}" text-anchor="end" font-family="sans-serif" font-size="11" fill="#5b554c">Outlines: Natural Earth, public domain</text>
</svg>
`);
