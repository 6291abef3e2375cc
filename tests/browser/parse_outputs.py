"""Reads a built site's feed.xml, its events feeds (events.xml and every term's
<taxonomy>/<term>/events.xml) and events.ics with Python's feedparser and icalendar (pinned in
.ci/run), independent of annalist's own code. Usage: python3 parse_outputs.py SITE_DIR
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
by_id = {e["id"]: e for e in events}
taxonomies = [k for k in events[0] if isinstance(events[0][k], list)
              and k not in ("articles", "sources", "media")] if events else []


def check_events_feed(path):
    """An events feed: well-formed Atom 1.0, newest `updated` first, each entry an event of
    events.json with its title, a link to its card, its summary and its terms as tags.
    Returns the ids of its entries."""
    name = path.relative_to(out).as_posix()
    parsed = feedparser.parse(path.read_bytes())
    if parsed.bozo:
        problems.append(f"{name}: not well-formed: {parsed.bozo_exception}")
    if parsed.version != "atom10":
        problems.append(f"{name}: version {parsed.version!r}, expected atom10")
    updated = [e.updated_parsed for e in parsed.entries]
    if updated != sorted(updated, reverse=True):
        problems.append(f"{name}: entries not newest first")
    ids = []
    for e in parsed.entries:
        anchor = e.get("id", "").rsplit("#", 1)[-1]
        event = by_id.get(anchor)
        if event is None:
            problems.append(f"{name}: entry {e.get('id')} is no event of events.json")
            continue
        ids.append(anchor)
        if e.get("title") != event["title"] or not e.get("summary"):
            problems.append(f"{name}: {anchor}: title or summary")
        if not e.get("link", "").endswith("#" + anchor):
            problems.append(f"{name}: {anchor}: link {e.get('link')!r} is not to its card")
        labels = sorted(t.get("label") for t in e.get("tags", []))
        terms = sorted(n for t in taxonomies for n in event[t])
        if labels != terms:
            problems.append(f"{name}: {anchor}: categories {labels} for terms {terms}")
    return ids


feeds = 0
if (out / "events.xml").exists():
    ids = check_events_feed(out / "events.xml")
    # Below the cap (100 entries) the whole timeline's feed has every event.
    if len(by_id) <= 100 and sorted(ids) != sorted(by_id):
        problems.append("events.xml: not every event")
    feeds = 1 + sum(1 for _ in map(check_events_feed, sorted(out.glob("*/*/events.xml"))))
else:
    problems.append("events.xml is missing")
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
print(f"python: feed.xml {len(feed.entries)} entries, {feeds} events feeds, "
      f"events.ics {len(vevents)} events")
