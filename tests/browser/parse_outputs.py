"""Reads a built site's feed.xml and events.ics with Python's feedparser and icalendar
(pinned in .ci/run), independent of annalist's own code. Usage: python3 parse_outputs.py SITE_DIR
Prints one summary line; exits 1 with the problems when anything is off."""
import json
import sys
from pathlib import Path

import feedparser
import icalendar

out = Path(sys.argv[1])
problems = []

feed = feedparser.parse((out / "feed.xml").read_bytes())
if feed.bozo:
    problems.append(f"feed.xml: not well-formed: {feed.bozo_exception}")
if feed.version != "atom10":
    problems.append(f"feed.xml: version {feed.version!r}, expected atom10")
dates = [e.published_parsed for e in feed.entries]
if dates != sorted(dates, reverse=True):
    problems.append("feed.xml: entries not newest first")
for e in feed.entries:
    if not (e.get("id") and e.get("updated") and e.get("summary") and e.get("content")):
        problems.append(f"feed.xml: entry {e.get('id')} lacks id, updated, summary or content")

events = json.loads((out / "events.json").read_text())["events"]
cal = icalendar.Calendar.from_ical((out / "events.ics").read_bytes())
vevents = cal.walk("VEVENT")
if len(vevents) != len(events):
    problems.append(f"events.ics: {len(vevents)} VEVENTs for {len(events)} events")
for v in vevents:
    for key in ("UID", "DTSTAMP", "DTSTART", "SUMMARY"):
        if key not in v:
            problems.append(f"events.ics: {v.get('UID')} lacks {key}")

if problems:
    print("\n".join(problems), file=sys.stderr)
    sys.exit(1)
print(f"python: feed.xml {len(feed.entries)} entries, events.ics {len(vevents)} events")
