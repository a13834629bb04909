"""A generated ministry press-release site: 20 listing pages, 2,000 press releases.

Every page is made here from a seeded random generator (nothing is copied from a real
site): a CMS-like page with a header, a navigation menu, breadcrumbs, the article (title,
date, 3 to 6 paragraphs of varied text), related links and a footer. Listing pages carry
100 teasers each and a ``rel="next"`` link to the following page.

Layout under ``root``::

    robots.txt                                   allows everything
    ministry/en/press-releases/index.html        listing page 1
    ministry/en/press-releases/page/N/index.html listing pages 2..20
    ministry/en/press-releases/YYYY/MM/<slug>-<n>.html   one press release each
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

LISTING_PATH = "/ministry/en/press-releases/"
ITEM_SELECTOR = "article.news-teaser"
NEXT_SELECTOR = 'a[rel="next"]'
# A release's title, date and body: what both contenders read with CSS selectors.
ARTICLE_TITLE = "article h1"
ARTICLE_DATE = "article time"
ARTICLE_BODY = "article .body"
SEED = 20241219

_MINISTERS = (
    "the Minister of Foreign Affairs",
    "the Deputy Minister for Multilateral Relations",
    "the Undersecretary for Political Affairs",
    "the Director of the Consular Department",
    "the Ministry's spokesperson",
    "the Head of the Legal Department",
)
_COUNTERPARTS = (
    "the Ambassador of Jordan",
    "a delegation from the European Union",
    "the UN Special Representative",
    "the Chargé d'Affaires of Japan",
    "the Resident Coordinator of the United Nations",
    "the Ambassador of Brazil",
    "a parliamentary delegation from Canada",
    "the Head of the ICRC delegation",
    "the Ambassador of Kenya",
    "the Consul General of Türkiye",
    "representatives of the International Organization for Migration",
    "the Ambassador of Norway",
)
_TOPICS = (
    "border crossings in the western governorates",
    "the return of displaced families",
    "water-sharing arrangements on the Tigris and Euphrates",
    "consular services for citizens abroad",
    "the repatriation of detained nationals",
    "reconstruction of schools in liberated areas",
    "regional electricity interconnection",
    "customs procedures at the southern ports",
    "the protection of cultural heritage sites",
    "visa facilitation for students and researchers",
    "humanitarian access to remote districts",
    "cooperation against drug trafficking",
    "the upcoming session of the joint economic committee",
    "mine clearance in agricultural land",
)
_VERBS = (
    "discussed",
    "reviewed",
    "stressed the importance of progress on",
    "agreed to continue consultations on",
    "welcomed recent steps regarding",
    "set out the government's position on",
    "exchanged views on",
    "called for closer coordination on",
)
_DETAILS = (
    "Both sides affirmed their commitment to the principles of good neighbourliness.",
    "The meeting took place at the Ministry's headquarters in Baghdad.",
    "A joint technical committee will meet before the end of the month.",
    "The visitor conveyed the greetings of his government and its support for stability.",
    "Officials noted that {n} families had been assisted since the start of the programme.",
    "The Ministry will publish the timetable for the next round of talks in due course.",
    "Participants reviewed a report covering the period from {month} to the present.",
    "The two parties signed a memorandum of understanding worth {n} thousand dollars.",
    "It was agreed that working groups would report back within {k} weeks.",
    "The spokesperson said that {n} applications had been processed in {month}.",
    "The discussion also covered the coordination of relief convoys along {k} routes.",
    "Further details will be announced by the competent authorities.",
    "The Minister thanked the delegation for its constructive approach.",
    "Representatives of {k} ministries attended the session.",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_NAV = (
    ("Home", ()),
    ("The Ministry", ("History", "Structure", "Departments", "Strategic Plan", "Vacancies")),
    ("The Minister", ("Biography", "Activities", "Speeches", "Interviews")),
    ("News", ("Press Releases", "Statements", "Photo Gallery", "Videos", "Events")),
    (
        "Foreign Policy",
        (
            "Neighbouring Countries",
            "Arab Affairs",
            "Europe",
            "Asia",
            "Africa",
            "The Americas",
            "International Organisations",
        ),
    ),
    (
        "Consular Services",
        ("Passports", "Visas", "Legalisation", "Civil Status", "Citizens Abroad", "Appointments"),
    ),
    ("Embassies", ("Iraqi Missions Abroad", "Foreign Missions in Iraq", "Honorary Consuls")),
    ("Treaties", ("Bilateral", "Multilateral", "Archive")),
    ("Publications", ("Annual Reports", "Studies", "Newsletter")),
    ("Contact", ()),
)
_SCRIPT = """
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
var siteConfig = {"lang": "en", "section": "press", "cookieBanner": true,
  "searchEndpoint": "/ministry/en/search/", "analytics": {"enabled": false}};
document.addEventListener('DOMContentLoaded', function () {
  var toggle = document.querySelector('.menu-toggle');
  if (toggle) { toggle.addEventListener('click', function () {
    document.body.classList.toggle('menu-open'); }); }
  var banner = document.getElementById('cookie-banner');
  if (banner && localStorage.getItem('cookies-accepted')) { banner.hidden = true; }
  document.querySelectorAll('.share a').forEach(function (a) {
    a.addEventListener('click', function (e) { e.preventDefault(); window.print(); });
  });
});
"""


@dataclass(frozen=True)
class Release:
    number: int
    path: str  # site path, e.g. /ministry/en/press-releases/2024/12/minister-receives-17.html
    title: str
    published: datetime
    summary: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class SiteFacts:
    root: Path
    pages: int  # listing pages
    releases: int
    listing_paths: tuple[str, ...]
    total_bytes: int


def _sentence(rng: random.Random) -> str:
    who = rng.choice(_MINISTERS)
    return (
        f"{who[0].upper()}{who[1:]} {rng.choice(_VERBS)} "
        f"{rng.choice(_TOPICS)} with {rng.choice(_COUNTERPARTS)}."
    )


def _detail(rng: random.Random) -> str:
    return rng.choice(_DETAILS).format(
        n=rng.randint(12, 9_800), k=rng.randint(2, 9), month=rng.choice(_MONTHS)
    )


def _paragraph(rng: random.Random) -> str:
    parts = [_sentence(rng)] + [_detail(rng) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.4:
        parts.insert(1, _sentence(rng))
    return " ".join(parts)


def _slug(title: str) -> str:
    words = "".join(c.lower() if c.isascii() and c.isalnum() else " " for c in title).split()
    return "-".join(words[:8])


def make_releases(count: int, seed: int = SEED) -> list[Release]:
    rng = random.Random(seed)
    start = datetime(2024, 12, 31, 9, 0, tzinfo=UTC)
    releases = []
    for number in range(1, count + 1):
        published = start - timedelta(hours=7 * number + rng.randint(0, 5))
        who = rng.choice(_MINISTERS).removeprefix("the ")
        title = (
            f"{who[0].upper()}{who[1:]} {rng.choice(('receives', 'meets', 'hosts'))} "
            f"{rng.choice(_COUNTERPARTS).removeprefix('the ')} on {rng.choice(_TOPICS)}"
        )
        paragraphs = tuple(_paragraph(rng) for _ in range(rng.randint(3, 6)))
        path = f"{LISTING_PATH}{published:%Y}/{published:%m}/{_slug(title)}-{number}.html"
        releases.append(Release(number, path, title, published, paragraphs[0][:180], paragraphs))
    return releases


def _page(title: str, crumbs: str, main: str, generated: str = "") -> str:
    items = []
    for name, subs in _NAV:
        base = f"/ministry/en/{_slug(name)}/"
        sub = "".join(f'<li><a href="{base}{_slug(s)}/">{html.escape(s)}</a></li>' for s in subs)
        items.append(
            f'<li class="menu-item"><a href="{base}">{html.escape(name)}</a>'
            + (f'<ul class="submenu">{sub}</ul>' if sub else "")
            + "</li>"
        )
    nav = "\n".join(items)
    sitemap = "".join(
        f'<li><a href="/ministry/en/{_slug(name)}/{_slug(s)}/">{html.escape(s)}</a></li>'
        for name, subs in _NAV
        for s in subs
    )
    footer_note = f"<p class='generated'>{html.escape(generated)}</p>" if generated else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} | Ministry of Foreign Affairs</title>
<meta property="og:site_name" content="Ministry of Foreign Affairs">
<meta property="og:type" content="website">
<link rel="stylesheet" href="/static/css/site.css">
<link rel="icon" href="/static/img/favicon.ico">
<script>{_SCRIPT}</script>
</head>
<body class="page">
<a class="skip" href="#main">Skip to content</a>
<div id="cookie-banner" class="cookie-banner" role="dialog"><p>This site uses cookies
to remember your language and accessibility preferences. No tracking cookies are set.</p>
<button type="button">Accept</button> <a href="/ministry/en/privacy/">Privacy notice</a></div>
<header class="site-header">
  <div class="brand"><a href="/ministry/en/"><img src="/static/img/emblem.svg" alt="">
  <span>Ministry of Foreign Affairs</span></a></div>
  <form class="search" action="/ministry/en/search/" method="get">
    <input type="search" name="q" placeholder="Search"><button>Search</button></form>
  <ul class="lang"><li><a href="/ministry/ar/">العربية</a></li><li>English</li></ul>
</header>
<nav class="main-nav" aria-label="Main"><button class="menu-toggle">Menu</button>
<ul class="menu">{nav}</ul></nav>
<nav class="breadcrumbs" aria-label="Breadcrumb">{crumbs}</nav>
<main id="main">
{main}
</main>
<footer class="site-footer">
  <div class="contact"><h3>Contact</h3><p>Ministry of Foreign Affairs, Baghdad</p>
  <p>Telephone: +964 1 000 0000 · press@example.invalid</p></div>
  <div class="sitemap"><h3>Sitemap</h3><ul>{sitemap}</ul></div>
  <ul class="social"><li><a href="https://social.example.invalid/mofa">Social media</a></li>
  <li><a href="/ministry/en/rss/">RSS</a></li></ul>
  <ul class="footer-links"><li><a href="/ministry/en/privacy/">Privacy</a></li>
  <li><a href="/ministry/en/accessibility/">Accessibility</a></li>
  <li><a href="/ministry/en/sitemap/">Sitemap</a></li></ul>
  <p class="copyright">© 2024 Ministry of Foreign Affairs. All rights reserved.</p>
  {footer_note}
</footer>
</body>
</html>
"""


def _crumbs(*parts: tuple[str, str | None]) -> str:
    out = []
    for label, href in parts:
        text = html.escape(label)
        out.append(f'<a href="{href}">{text}</a>' if href else f"<span>{text}</span>")
    return " › ".join(out)


def release_page(release: Release, related: list[Release]) -> str:
    iso = release.published.isoformat()
    shown = f"{release.published.day} {_MONTHS[release.published.month - 1]} "
    shown += f"{release.published.year}"
    body = "\n".join(f"    <p>{html.escape(p)}</p>" for p in release.paragraphs)
    links = "".join(f'<li><a href="{r.path}">{html.escape(r.title)}</a></li>' for r in related)
    main = f"""<article class="press-release">
  <h1 class="title">{html.escape(release.title)}</h1>
  <p class="meta"><time datetime="{iso}">{shown}</time> · Press Release</p>
  <div class="body">
{body}
  </div>
  <ul class="share"><li><a href="#">Share</a></li><li><a href="#">Print</a></li></ul>
</article>
<aside class="related"><h2>Related news</h2><ul>{links}</ul></aside>"""
    crumbs = _crumbs(
        ("Home", "/ministry/en/"),
        ("Press Releases", LISTING_PATH),
        (release.title, None),
    )
    return _page(release.title, crumbs, main)


def listing_path(page: int) -> str:
    return LISTING_PATH if page == 1 else f"{LISTING_PATH}page/{page}/"


def listing_page(page: int, pages: int, items: list[Release], generated: str = "") -> str:
    teasers = []
    for r in items:
        day = f"{r.published.day} {_MONTHS[r.published.month - 1]} {r.published.year}"
        teasers.append(
            f"""<article class="news-teaser">
  <h2><a href="{r.path}">{html.escape(r.title)}</a></h2>
  <time datetime="{r.published.isoformat()}">{day}</time>
  <p>{html.escape(r.summary)}…</p>
</article>"""
        )
    pager = []
    if page > 1:
        pager.append(f'<a rel="prev" href="{listing_path(page - 1)}">Previous</a>')
    pager.append(f"<span>Page {page} of {pages}</span>")
    if page < pages:
        pager.append(f'<a rel="next" href="{listing_path(page + 1)}">Next</a>')
    main = (
        "<h1>Press Releases</h1>\n<div class='news-list'>\n"
        + "\n".join(teasers)
        + f"\n</div>\n<nav class='pagination'>{' '.join(pager)}</nav>"
    )
    crumbs = _crumbs(("Home", "/ministry/en/"), ("Press Releases", None))
    return _page(f"Press Releases - page {page}", crumbs, main, generated)


def _write(root: Path, site_path: str, text: str) -> int:
    target = root / site_path.lstrip("/")
    if site_path.endswith("/"):
        target = target / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    target.write_bytes(data)
    return len(data)


def listing_file(root: Path, page: int) -> Path:
    return root / listing_path(page).lstrip("/") / "index.html"


def generate(root: Path, pages: int = 20, per_page: int = 100, seed: int = SEED) -> SiteFacts:
    """Write the whole site under ``root``; returns what was written."""
    releases = make_releases(pages * per_page, seed)
    rng = random.Random(seed + 1)
    total = _write(root, "/robots.txt", "User-agent: *\nAllow: /\n")
    for i, release in enumerate(releases):
        related = [releases[j] for j in rng.sample(range(len(releases)), 3) if j != i]
        total += _write(root, release.path, release_page(release, related))
    for page in range(1, pages + 1):
        chunk = releases[(page - 1) * per_page : page * per_page]
        total += _write(root, listing_path(page), listing_page(page, pages, chunk))
    return SiteFacts(
        root=root,
        pages=pages,
        releases=len(releases),
        listing_paths=tuple(listing_path(p) for p in range(1, pages + 1)),
        total_bytes=total,
    )


def rerender_listings(root: Path, pages: int = 20, per_page: int = 100, seed: int = SEED) -> None:
    """Re-render the listing pages with a new "generated at" footer; articles untouched."""
    releases = make_releases(pages * per_page, seed)
    stamp = f"Page generated {datetime.now(UTC):%Y-%m-%d %H:%M:%S.%f} UTC"
    for page in range(1, pages + 1):
        chunk = releases[(page - 1) * per_page : page * per_page]
        _write(root, listing_path(page), listing_page(page, pages, chunk, stamp))
