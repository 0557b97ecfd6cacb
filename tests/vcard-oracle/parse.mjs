// Reads vCard (RFC 6350/2426) or iCalendar (RFC 5545) text on stdin and prints what Mozilla's ical.js makes of it,
// as jCard/jCal (RFC 7095/7265): always a JSON array of components, one per card or calendar. A parse error exits 1
// with ical.js's message on stderr. The C# export tests compare these values field by field with what they wrote.
import ICAL from 'ical.js';
import { readFileSync } from 'node:fs';

const text = readFileSync(0, 'utf8');
try {
  const parsed = ICAL.parse(text);
  const components = typeof parsed[0] === 'string' ? [parsed] : parsed;
  process.stdout.write(JSON.stringify(components));
} catch (e) {
  process.stderr.write(`ical.js could not parse the input: ${e.message}\n`);
  process.exit(1);
}
