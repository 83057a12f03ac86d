#!/usr/bin/env python3
"""Checks SITE/feed.xml against the rules of Atom (RFC 4287) that a
validator checks: well-formed XML in the Atom namespace; a feed and every
entry with exactly one id (an absolute IRI), title and updated (an RFC 3339
date); an author for every entry; an alternate link or content per entry;
no two alternate links with the same type and hreflang; unique entry ids;
and every link resolving to a file of the site.

Usage: python3 feed.py SITE_DIR
"""
import os
import re
import sys
import xml.etree.ElementTree as ET
from urllib.parse import unquote, urljoin, urlparse

A = "{http://www.w3.org/2005/Atom}"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")

site = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else ".")
path = os.path.join(site, "feed.xml")
problems = []


def fail(where, text):
    problems.append(f"feed.xml {where}: {text}")


def one(el, name, where):
    found = el.findall(A + name)
    if len(found) != 1:
        fail(where, f"needs exactly one atom:{name}, has {len(found)}")
        return None
    return found[0]


def common(el, where, base):
    for name in ("id", "title", "updated"):
        one(el, name, where)
    i = el.find(A + "id")
    if i is not None and not IRI.match((i.text or "").strip()):
        fail(where, f"id {i.text!r} is not an absolute IRI")
    u = el.find(A + "updated")
    if u is not None and not DATE.match((u.text or "").strip()):
        fail(where, f"updated {u.text!r} is not an RFC 3339 date-time")
    t = el.find(A + "title")
    if t is not None and not (t.text or "").strip():
        fail(where, "empty title")
    seen = set()
    for link in el.findall(A + "link"):
        href = link.get("href")
        if not href:
            fail(where, "a link without href")
            continue
        rel = link.get("rel", "alternate")
        if rel == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in seen:
                fail(where, f"two alternate links with type/hreflang {key}")
            seen.add(key)
        target = urljoin(base, href)
        parsed = urlparse(target)
        if parsed.scheme == "file":
            local = unquote(parsed.path)
            if not local.startswith(site + os.sep) or not os.path.isfile(local):
                fail(where, f"link {href!r} does not lead to a file of the site")
    return seen


try:
    root = ET.parse(path).getroot()
except (OSError, ET.ParseError) as e:
    print(f"FAIL feed.xml: {e}", file=sys.stderr)
    sys.exit(1)

base = "file://" + site + "/feed.xml"
if root.tag != A + "feed":
    fail("root", f"is {root.tag}, expected atom:feed")
common(root, "feed", base)
feed_author = root.find(A + "author") is not None
ids = set()
entries = root.findall(A + "entry")
for n, entry in enumerate(entries, 1):
    where = f"entry {n}"
    alternates = common(entry, where, base)
    if not alternates and entry.find(A + "content") is None:
        fail(where, "needs an alternate link or content")
    if not feed_author and entry.find(A + "author") is None:
        fail(where, "needs an author (or the feed one)")
    for a in entry.findall(A + "author") + root.findall(A + "author"):
        if a.find(A + "name") is None:
            fail(where, "author without name")
    i = entry.find(A + "id")
    if i is not None:
        if i.text in ids:
            fail(where, f"duplicate id {i.text}")
        ids.add(i.text)

if problems:
    for p in problems:
        print(f"FAIL {p}", file=sys.stderr)
    sys.exit(1)
print(f"feed: valid Atom with {len(entries)} entries, every link leads to a page")
