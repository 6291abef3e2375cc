#!/usr/bin/env python3
"""Generate a synthetic annalist site (or the equivalent Hugo site) for benchmarking.

    gen_corpus.py N OUTDIR [--hugo] [--per-folder K] [--seed S]

Writes OUTDIR/site.yaml and OUTDIR/content/sNNNN/aNNNNNN-<slug>.md: N articles, K per folder
(default 100), each with about 1.5 KB of Markdown body and front-matter that exercises the whole
content format: taxonomies, sources, and 1-3 events per article with year, month, day, minute and
second precision, IANA zones and explicit offsets, intervals, EDTF qualifiers and a few BCE years.

With --hugo it writes instead a Hugo site with the same articles (same bodies, titles, dates,
terms; the events kept as page params and listed on each page), a config with the taxonomies
tags, people and places, and a minimal theme in layouts/: an index of every article grouped by
year, one page per article, and the term lists and term pages.

The output is deterministic: the same N, K and seed give byte-identical files on every run.
Only the Python 3.11 standard library is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

DEFAULT_SEED = 20240619

# --------------------------------------------------------------------------- vocabularies

TAGS = [
    "politics", "elections", "diplomacy", "economy", "trade", "energy", "climate", "science",
    "health", "education", "technology", "space", "transport", "housing", "labour", "courts",
    "police", "military", "security", "migration", "culture", "music", "film", "literature",
    "sport", "football", "religion", "history", "archaeology", "agriculture", "fisheries",
    "weather", "disasters", "finance", "banking", "markets", "media", "censorship",
    "human rights", "protests", "local government", "parliament", "budget", "taxes",
    "infrastructure", "water", "forests", "oceans", "wildlife", "heritage",
]
assert len(TAGS) == 50

PEOPLE = [
    "Anna Petrova", "Lee Min-ho", "John Carter", "Maria Gonzalez", "Ivan Sokolov",
    "Kim Soo-yeon", "Olga Ivanova", "David Cohen", "Fatima Al-Sayed", "Pierre Laurent",
    "Hans Becker", "Yuki Tanaka", "Chen Wei", "Amara Okafor", "Lucia Rossi", "Sergei Volkov",
    "Emily Zhang", "Park Ji-hoon", "Tomasz Nowak", "Ingrid Larsen", "Rahul Mehta",
    "Sofia Andersson", "Mehmet Yilmaz", "Ana Silva", "Nikolai Orlov", "Grace Mensah",
    "Jonas Weber", "Elena Popescu", "Omar Haddad", "Claire Dubois",
]

PLACES = [
    "Moscow", "Pyongyang", "Seoul", "New York", "Washington", "Beijing", "Tokyo", "Berlin",
    "Paris", "London", "Kyiv", "Vladivostok", "Busan", "Geneva", "The Hague", "Brussels",
    "Istanbul", "Tehran", "Delhi", "Cairo",
]

# Fictional outlets (the corpus is synthetic; no real outlet is made to say any of it).
OUTLETS = [
    ("Morning Ledger", "https://ledger.example/"),
    ("Northern Courier", "https://courier.example/"),
    ("Harbour Times", "https://harbourtimes.example/"),
    ("Evening Dispatch", "https://dispatch.example/"),
    ("Continental Wire", "https://contwire.example/"),
    ("Riverside Gazette", "https://gazette.example/"),
    ("Capital Observer", "https://observer.example/"),
    ("Pacific Monitor", "https://pacmon.example/"),
    ("Steppe Herald", "https://steppeherald.example/"),
    ("Peninsula Daily", "https://peninsula.example/"),
    ("Atlantic Record", "https://atlrecord.example/"),
    ("Baltic Review", "https://balticreview.example/"),
    ("Eastern Bulletin", "https://easternbulletin.example/"),
    ("Metro Chronicle", "https://metrochronicle.example/"),
    ("Global Signal", "https://globalsignal.example/"),
    ("Valley Post", "https://valleypost.example/"),
    ("Summit News Agency", "https://summitnews.example/"),
    ("Coastal Tribune", "https://coastaltribune.example/"),
    ("Frontier Journal", "https://frontierjournal.example/"),
    ("Union Radio", "https://unionradio.example/"),
]

# IANA zones used for events with a time of day and no offset.
ZONES = ["Europe/Moscow", "Asia/Pyongyang", "America/New_York", "Asia/Seoul", "Europe/Berlin", "UTC"]
OFFSETS = ["+03:00", "+09:00", "-05:00", "+01:00", "Z"]

SUBJECTS = [
    "the ministry", "the city council", "a committee of inquiry", "the regional governor",
    "the central bank", "a group of researchers", "the opposition", "the port authority",
    "the national museum", "the football federation", "the weather service", "the court",
    "local residents", "the energy company", "the trade delegation", "the university",
]
VERBS = [
    "announced", "rejected", "approved", "postponed", "questioned", "defended", "published",
    "reviewed", "welcomed", "criticised", "confirmed", "denied", "opened", "suspended",
]
OBJECTS = [
    "a new plan for the harbour", "the long-delayed budget", "a report on water quality",
    "the agreement on grain exports", "the proposal to close the old bridge",
    "an inquiry into the contract", "a programme of repairs", "the results of the survey",
    "a strategy for the coming winter", "the sale of the state shares",
    "a set of new rules for drivers", "the exhibition of recovered manuscripts",
]
CLAUSES = [
    "after weeks of debate", "despite objections from several members",
    "according to people familiar with the talks", "in a statement released on its website",
    "at a hastily arranged briefing", "without giving a timetable",
    "citing the rising cost of materials", "following a complaint by residents",
    "in line with earlier forecasts", "to the surprise of many observers",
]
EVENT_NOUNS = [
    "agreement signed", "summit held", "bridge opened", "strike begins", "storm makes landfall",
    "election held", "court rules", "treaty ratified", "museum reopens", "ceasefire declared",
    "budget adopted", "expedition returns", "festival opens", "reactor shut down",
    "inquiry reports", "port reopens", "minister resigns", "talks resume",
]
HEADINGS = ["Background", "What was said", "Reactions", "What comes next", "Context", "The numbers"]

# --------------------------------------------------------------------------- helpers


def slugify(text: str) -> str:
    out, dash = [], False
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def yq(s: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def sentence(rng: random.Random) -> str:
    s = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(CLAUSES)}."
    return s[0].upper() + s[1:]


def paragraph(rng: random.Random, sources: list[tuple[str, str]]) -> str:
    sents = [sentence(rng) for _ in range(rng.randint(3, 5))]
    i = rng.randrange(len(sents))
    words = sents[i].split(" ")
    j = rng.randrange(len(words) - 1)
    words[j] = f"*{words[j]}*"
    sents[i] = " ".join(words)
    if rng.random() < 0.5:
        name, url = rng.choice(sources)
        sents.append(f"The [{name}]({url}) reported it first.")
    if rng.random() < 0.3:
        sents.append(f"Officials called the decision **{rng.choice(['final', 'provisional', 'urgent', 'overdue'])}**.")
    return " ".join(sents)


def body(rng: random.Random, sources: list[tuple[str, str]], target: int = 1500) -> str:
    parts: list[str] = [paragraph(rng, sources)]
    size = len(parts[0])
    while size < target:
        r = rng.random()
        if r < 0.15:
            block = f"## {rng.choice(HEADINGS)}"
        elif r < 0.25:
            block = "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(2, 4)))
        elif r < 0.32:
            block = f"> {sentence(rng)}\n>\n> — a spokesperson"
        else:
            block = paragraph(rng, sources)
        parts.append(block)
        size += len(block) + 2
    return "\n\n".join(parts) + "\n"


class Dates:
    """Valid dates of every precision the contract accepts."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def day(self, lo: int = 1900, hi: int = 2024) -> dt.date:
        start = dt.date(lo, 1, 1).toordinal()
        end = dt.date(hi, 12, 31).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, end))

    def event(self) -> dict:
        """Returns {'date': ..., optional 'end', 'timezone'} as YAML-ready strings."""
        rng = self.rng
        r = rng.random()
        if r < 0.02:  # BCE, year precision
            return {"date": rng.choice(["-0480", "44 BCE", "-0043-03-15", "490 BC", "-0215"])}
        if r < 0.14:  # year
            y = rng.randint(1000, 2024)
            out = {"date": str(y) + self.qualifier()}
            if rng.random() < 0.2:
                out = {"date": f"{y}/{y + rng.randint(1, 30)}"}
            return out
        if r < 0.30:  # month
            d = self.day()
            out = {"date": f"{d:%Y-%m}" + self.qualifier()}
            if rng.random() < 0.2:
                e = d + dt.timedelta(days=rng.randint(31, 400))
                out = {"date": f"{d:%Y-%m}", "end": f"{e:%Y-%m}"}
            return out
        if r < 0.70:  # day
            d = self.day()
            out = {"date": d.isoformat() + self.qualifier()}
            if rng.random() < 0.25:
                e = d + dt.timedelta(days=rng.randint(1, 20))
                out = {"date": f"{d.isoformat()}/{e.isoformat()}"}
            return out
        d = self.day(1950, 2024)
        h, m = rng.randint(8, 20), rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])
        if r < 0.88:  # minute, in an IANA zone
            out = {"date": f"{d.isoformat()}T{h:02d}:{m:02d}", "timezone": rng.choice(ZONES)}
            if rng.random() < 0.2:
                out["end"] = f"{d.isoformat()}T{min(h + rng.randint(1, 3), 22):02d}:{m:02d}"
            return out
        # second or minute with an explicit offset
        off = rng.choice(OFFSETS)
        sec = f":{rng.randint(0, 59):02d}" if rng.random() < 0.5 else ""
        return {"date": f"{d.isoformat()}T{h:02d}:{m:02d}{sec}{off}"}

    def qualifier(self) -> str:
        r = self.rng.random()
        return "~" if r < 0.06 else "?" if r < 0.10 else "%" if r < 0.12 else ""


# --------------------------------------------------------------------------- articles


def make_article(i: int, rng: random.Random, dates: Dates) -> dict:
    pub = dates.day(2000, 2024)
    srcs = rng.sample(OUTLETS, rng.randint(1, 3))
    tags = rng.sample(TAGS, rng.randint(2, 4))
    people = rng.sample(PEOPLE, rng.randint(0, 2))
    places = rng.sample(PLACES, rng.randint(0, 1))
    title = f"{sentence(rng)[:-1]}".replace('"', "")
    events = []
    for n in range(rng.randint(1, 3)):
        ev = {"id": f"e{i:06d}-{n}", "title": f"{rng.choice(EVENT_NOUNS).capitalize()} ({i}.{n})"}
        ev.update(dates.event())
        ev["summary"] = sentence(rng)
        if rng.random() < 0.6:
            ev["place"] = rng.choice(PLACES)
        ev["sources"] = [name for name, _ in rng.sample(srcs, rng.randint(1, len(srcs)))]
        if rng.random() < 0.15:
            ev["display_date"] = "Around then"
        if rng.random() < 0.2:
            ev["tags"] = rng.sample(TAGS, 1)
        events.append(ev)
    return {
        "i": i,
        "slug": f"a{i:06d}-{slugify(title)[:40].strip('-')}",
        "title": title,
        "date": pub.isoformat(),
        "summary": f"{sentence(rng)} {sentence(rng)}",
        "author": rng.choice(["desk", "Staff reporter", "Wire desk"] + PEOPLE[:5]),
        "sources": srcs,
        "tags": tags,
        "people": people,
        "places": places,
        "events": events,
        "body": body(rng, srcs),
    }


def yaml_list(items: list[str]) -> str:
    return "[" + ", ".join(yq(x) for x in items) + "]"


def front_matter_annalist(a: dict) -> str:
    L = ["---", f"title: {yq(a['title'])}", f"date: {a['date']}", f"summary: {yq(a['summary'])}",
         f"author: {yq(a['author'])}", "sources:"]
    for name, url in a["sources"]:
        L += [f"  - name: {yq(name)}", f"    url: {url}"]
    for key in ("tags", "people", "places"):
        if a[key]:
            L.append(f"{key}: {yaml_list(a[key])}")
    L.append("events:")
    for ev in a["events"]:
        L.append(f"  - id: {ev['id']}")
        for key in ("title", "date", "end", "timezone", "display_date", "summary", "place"):
            if key in ev:
                L.append(f"    {key}: {yq(ev[key])}")
        L.append(f"    sources: {yaml_list(ev['sources'])}")
        if "tags" in ev:
            L.append(f"    tags: {yaml_list(ev['tags'])}")
    L.append("---")
    return "\n".join(L) + "\n\n"


def front_matter_hugo(a: dict) -> str:
    L = ["---", f"title: {yq(a['title'])}", f"date: {a['date']}", f"summary: {yq(a['summary'])}",
         f"author: {yq(a['author'])}", f"slug: {a['slug']}", f"url: /{a['slug']}/", "sources:"]
    for name, url in a["sources"]:
        L += [f"  - name: {yq(name)}", f"    url: {url}"]
    for key in ("tags", "people", "places"):
        if a[key]:
            L.append(f"{key}: {yaml_list(a[key])}")
    L.append("events:")
    for ev in a["events"]:
        L.append(f"  - id: {ev['id']}")
        for key in ("title", "date", "end", "timezone", "display_date", "summary", "place"):
            if key in ev:
                L.append(f"    {key}: {yq(ev[key])}")
        L.append(f"    sources: {yaml_list(ev['sources'])}")
    L.append("---")
    return "\n".join(L) + "\n\n"


SITE_YAML = """\
title: "annalist benchmark corpus ({n} articles)"
description: "A synthetic corpus generated by bench/gen_corpus.py (seed {seed})."
base_url: ""
language: en
timezone: UTC
order: ascending
# The same work as the Hugo site: one taxonomy, one timeline page (Hugo's home lists every
# article on one page). people and places stay in the front-matter, as extra.
taxonomies: [tags]
paginate: 0
author: annalist bench
extra: {{}}
"""

HUGO_CONFIG = """\
baseURL = "/"
languageCode = "en"
title = "annalist benchmark corpus ({n} articles)"
# Close to what annalist writes: the home page (plus an RSS feed and a sitemap), one page per
# article at /<slug>/ (front-matter `url`), term lists and term pages. No section pages.
disableKinds = ["section", "404"]
enableRobotsTXT = true
summaryLength = 70

[outputs]
  home = ["HTML", "RSS"]
  page = ["HTML"]
  taxonomy = ["HTML"]
  term = ["HTML"]

[taxonomies]
  tag = "tags"
  person = "people"
  place = "places"

[markup.goldmark.renderer]
  unsafe = false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} | {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
{{ range .Site.RegularPages.GroupByDate "2006" "asc" }}
<section>
  <h2>{{ .Key }}</h2>
  <ol>
  {{ range .Pages.ByDate }}
    <li><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
      <a href="{{ .RelPermalink }}">{{ .Title }}</a>
      <p>{{ .Params.summary }}</p></li>
  {{ end }}
  </ol>
</section>
{{ end }}
{{ end }}
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
  <h1>{{ .Title }}</h1>
  <p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
     by {{ .Params.author }}</p>
  <p>{{ .Params.summary }}</p>
  <ul class="sources">{{ range .Params.sources }}<li><a href="{{ .url }}">{{ .name }}</a></li>{{ end }}</ul>
  <ol class="events">
  {{ range .Params.events }}
    <li id="{{ .id }}"><strong>{{ .title }}</strong> <span>{{ with .display_date }}{{ . }}{{ else }}{{ .date }}{{ end }}</span>
      {{ with .place }}<em>{{ . }}</em>{{ end }}<p>{{ .summary }}</p></li>
  {{ end }}
  </ol>
  {{ .Content }}
  <p>{{ range .Params.tags }}<a href="{{ (printf "/tags/%s/" (urlize .)) | relURL }}">{{ . }}</a> {{ end }}</p>
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ol>
{{ range .Pages.ByDate }}
  <li><time>{{ .Date.Format "2006-01-02" }}</time> <a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}
</ol>
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}
  <li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
""",
}


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("outdir", type=Path, help="site folder to write (created; must be empty or absent)")
    ap.add_argument("--hugo", action="store_true", help="write the equivalent Hugo site instead")
    ap.add_argument("--per-folder", type=int, default=100, help="articles per content subfolder (default 100)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    args = ap.parse_args(argv)
    if args.n < 0 or args.per_folder < 1:
        ap.error("N must be >= 0 and --per-folder >= 1")
    out: Path = args.outdir
    if out.exists() and any(out.iterdir()):
        print(f"gen_corpus: {out} exists and is not empty; remove it first", file=sys.stderr)
        return 2

    rng = random.Random(args.seed)
    dates = Dates(rng)
    if args.hugo:
        write(out / "hugo.toml", HUGO_CONFIG.format(n=args.n))
        for rel, text in HUGO_LAYOUTS.items():
            write(out / "layouts" / rel, text)
    else:
        write(out / "site.yaml", SITE_YAML.format(n=args.n, seed=args.seed))
    for i in range(args.n):
        a = make_article(i, rng, dates)
        folder = out / "content" / f"s{i // args.per_folder:04d}"
        fm = front_matter_hugo(a) if args.hugo else front_matter_annalist(a)
        write(folder / f"{a['slug']}.md", fm + a["body"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
