"""The local source site and its server: real sockets on 127.0.0.1, fetched with httpx.

Covers the HTTP contract the scrapers rely on (content types, validators, 304s, HEAD,
404s, refused traversal, redirects, the query-to-file mapping), the scripted publisher
(fail/replace/remove), and the site's content against its answer key: every path the
MANIFEST lists is served, and every quote the key cites is verbatim in what is served.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import json
import re
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import formatdate, parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.robotparser import RobotFileParser

import httpx
import pypdf
import pytest

from resdesk.localsite import (
    CANONICAL_ORIGIN,
    DEFAULT_ROOT,
    LocalSite,
    content_type_for,
    serve_site,
)

SITE = DEFAULT_ROOT
PDF_PATH = "/iom/sitreps/iom-iraq-al-qaim-sitrep-05-2025-01-20.pdf"
FEED_PATH = "/unhcr/news/feed.xml"
KEY_RELEASE = "/mofa/en/press-releases/iraq-hands-over-syrian-military-personnel-at-al-qaim/"
Q2_SENTENCE = (
    "The predominant reason cited by the interviewed soldiers for crossing into Iraq was "
    "fear of militia takeover of their positions."
)
Q1_PDF_SENTENCE = (
    "All 1,934 Syrian military personnel hosted at the Al-Qaim temporary site were handed "
    "over to the Syrian authorities at the Al-Qaim border crossing on 19 December 2024 and "
    "returned to Syria."
)


@pytest.fixture(scope="module")
def site() -> Iterator[LocalSite]:
    with serve_site() as running:
        yield running


@pytest.fixture(scope="module")
def client(site: LocalSite) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=site.base_url, timeout=10) as c:
        yield c


@pytest.fixture()
def fresh_site() -> Iterator[LocalSite]:
    """A site of its own, for tests that script failures or read the whole log."""
    with serve_site() as running:
        yield running


def squash(text: str) -> str:
    return " ".join(text.split())


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _TextOnly()
    parser.feed(markup)
    return squash(" ".join(parser.parts))


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data), strict=True)
    return squash(" ".join(page.extract_text() for page in reader.pages))


def raw_get(site: LocalSite, target: str) -> int:
    """GET with the request target sent exactly as written (httpx would normalise dots)."""
    conn = http.client.HTTPConnection("127.0.0.1", site.port, timeout=10)
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        conn.endheaders()
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


# --------------------------------------------------------------------------- content types


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/mofa/en/press-releases/", "text/html; charset=utf-8"),
        (FEED_PATH, "application/rss+xml; charset=utf-8"),
        ("/reliefweb/v1/reports", "application/json"),
        (PDF_PATH, "application/pdf"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/mofa/assets/css/site.css", "text/css; charset=utf-8"),
        ("/mofa/assets/js/site.js", "text/javascript; charset=utf-8"),
        ("/mofa/assets/img/emblem.svg", "image/svg+xml"),
    ],
)
def test_content_type_by_extension(client: httpx.Client, path: str, content_type: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type


def test_content_type_for_sniffs_xml_roots() -> None:
    assert content_type_for("x.xml", b'<?xml version="1.0"?><rss version="2.0">').startswith(
        "application/rss+xml"
    )
    assert content_type_for("x.xml", b"<feed xmlns='http://www.w3.org/2005/Atom'>").startswith(
        "application/atom+xml"
    )
    assert content_type_for("x.xml", b"<urlset>").startswith("application/xml")
    assert content_type_for("blob.unknownext") == "application/octet-stream"


# --------------------------------------------------------------------------- validators, 304


def test_etag_is_sha256_of_the_body_and_last_modified_is_the_mtime(
    client: httpx.Client,
) -> None:
    response = client.get(PDF_PATH)
    assert response.headers["etag"] == f'"{hashlib.sha256(response.content).hexdigest()}"'
    mtime = int((SITE / PDF_PATH.lstrip("/")).stat().st_mtime)
    assert parsedate_to_datetime(response.headers["last-modified"]).timestamp() == mtime
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", [FEED_PATH, KEY_RELEASE, "/reliefweb/v1/reports", PDF_PATH])
def test_revalidation_with_etag_gives_304(client: httpx.Client, path: str) -> None:
    first = client.get(path)
    etag = first.headers["etag"]
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert client.get(path, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    assert client.get(path, headers={"If-None-Match": "*"}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_revalidation_with_if_modified_since_gives_304(client: httpx.Client) -> None:
    first = client.get(FEED_PATH)
    last_modified = first.headers["last-modified"]
    assert client.get(FEED_PATH, headers={"If-Modified-Since": last_modified}).status_code == 304
    later = formatdate(datetime.now(UTC).timestamp() + 3600, usegmt=True)
    assert client.get(FEED_PATH, headers={"If-Modified-Since": later}).status_code == 304
    older = formatdate(parsedate_to_datetime(last_modified).timestamp() - 1, usegmt=True)
    assert client.get(FEED_PATH, headers={"If-Modified-Since": older}).status_code == 200
    garbage = client.get(FEED_PATH, headers={"If-Modified-Since": "yesterday-ish"})
    assert garbage.status_code == 200


def test_if_none_match_wins_over_if_modified_since(client: httpx.Client) -> None:
    last_modified = client.get(FEED_PATH).headers["last-modified"]
    headers = {"If-None-Match": '"not-this-one"', "If-Modified-Since": last_modified}
    assert client.get(FEED_PATH, headers=headers).status_code == 200


# --------------------------------------------------------------------------- HEAD, 404, paths


def test_head_has_the_get_headers_and_no_body(client: httpx.Client) -> None:
    get = client.get(FEED_PATH)
    head = client.head(FEED_PATH)
    assert head.status_code == 200
    assert head.content == b""
    for name in ("content-type", "content-length", "etag", "last-modified"):
        assert head.headers[name] == get.headers[name]
    assert int(head.headers["content-length"]) == len(get.content)
    assert client.head("/no/such/page").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/no/such/page.html",
        "/mofa/en/press-releases/page/3/",
        "/robots.txt/",  # a file addressed as a folder
        "/iom/",  # a folder without index.html: no listing
        "/reliefweb/v1/reports/",
        "/%ff",  # not UTF-8 once decoded
    ],
)
def test_missing_paths_are_404(client: httpx.Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "Index of" not in response.text


@pytest.mark.parametrize(
    "target",
    [
        "/../../../../etc/passwd",
        "/mofa/../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/mofa/%2E%2E%2F%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5c..%5cetc%5cpasswd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/mofa/..",
        "/mofa/%00index.html",
        "/../localsite.py",
    ],
)
def test_traversal_is_refused(site: LocalSite, target: str) -> None:
    assert raw_get(site, target) == 404


@pytest.mark.parametrize(
    "path", ["/MANIFEST.md", "/_build_pdf.py", "/_build_site.py", "/_answer_key.json"]
)
def test_private_files_are_not_served(client: httpx.Client, path: str) -> None:
    assert (SITE / path.lstrip("/")).is_file()
    assert client.get(path).status_code == 404


def test_symlink_out_of_the_root_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "index.html").write_text("<p>home</p>", encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("top secret", encoding="utf-8")
    (root / "leak.txt").symlink_to(secret)
    with serve_site(root) as s, httpx.Client(base_url=s.base_url) as c:
        assert c.get("/").text == "<p>home</p>"
        assert c.get("/leak.txt").status_code == 404


def test_directory_without_slash_redirects_and_index_is_served(client: httpx.Client) -> None:
    redirect = client.get("/mofa/en/press-releases?page=1")
    assert redirect.status_code == 301
    assert redirect.headers["location"].endswith("/mofa/en/press-releases/?page=1")
    page = client.get("/mofa/en/press-releases/")
    assert page.content == client.get("/mofa/en/press-releases/index.html").content


def test_query_string_is_ignored_and_api_path_maps_to_json(client: httpx.Client) -> None:
    listing = client.get("/reliefweb/v1/reports?appname=resdesk-demo&limit=10&offset=0")
    assert listing.status_code == 200
    assert listing.content == client.get("/reliefweb/v1/reports.json").content
    assert listing.content == client.get("/reliefweb/v1/reports").content
    one = client.get("/reliefweb/v1/reports/9100105?appname=resdesk-demo")
    assert one.json()["data"][0]["id"] == "9100105"


def test_other_methods_get_405(client: httpx.Client) -> None:
    response = client.post(FEED_PATH, content=b"x=1")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"


# --------------------------------------------------------------------------- origin, log


def test_absolute_urls_point_back_at_the_running_server(
    site: LocalSite, client: httpx.Client
) -> None:
    root = ET.fromstring(client.get(FEED_PATH).content)
    links = [item.findtext("link") or "" for item in root.iter("item")]
    assert links and all(link.startswith(site.base_url + "/unhcr/news/") for link in links)
    assert all(client.get(link).status_code == 200 for link in set(links))
    api = client.get("/reliefweb/v1/reports").json()
    for item in api["data"]:
        assert client.get(item["fields"]["url"]).status_code == 200
        assert client.get(item["href"]).status_code == 200
    assert CANONICAL_ORIGIN not in client.get(KEY_RELEASE).text


def test_rewrite_can_be_switched_off() -> None:
    with serve_site(rewrite_origin=False) as s, httpx.Client(base_url=s.base_url) as c:
        assert c.get(FEED_PATH).content == (SITE / FEED_PATH.lstrip("/")).read_bytes()


def test_request_log_records_method_path_status_and_headers(fresh_site: LocalSite) -> None:
    with httpx.Client(base_url=fresh_site.base_url, headers={"User-Agent": "probe/1"}) as c:
        c.get("/reliefweb/v1/reports?appname=t")
        c.head(FEED_PATH)
        c.get("/missing")
    log = fresh_site.request_log
    assert [(r.method, r.path, r.status) for r in log] == [
        ("GET", "/reliefweb/v1/reports?appname=t", 200),
        ("HEAD", FEED_PATH, 200),
        ("GET", "/missing", 404),
    ]
    assert log[0].header("user-agent") == "probe/1"
    assert log[0].path_only == "/reliefweb/v1/reports"
    assert fresh_site.requests_for(FEED_PATH) == [log[1]]
    fresh_site.clear_log()
    assert fresh_site.request_log == []


# --------------------------------------------------------------------------- scripted publisher


def test_fail_then_recover(fresh_site: LocalSite) -> None:
    fresh_site.fail(FEED_PATH, 503, times=2, retry_after=7)
    with httpx.Client(base_url=fresh_site.base_url) as c:
        first = c.get(FEED_PATH)
        assert (first.status_code, first.headers["retry-after"]) == (503, "7")
        assert c.get(FEED_PATH).status_code == 503
        assert c.get(FEED_PATH).status_code == 200


def test_replace_changes_validators_and_remove_takes_the_page_down(
    fresh_site: LocalSite,
) -> None:
    with httpx.Client(base_url=fresh_site.base_url) as c:
        old = c.get(KEY_RELEASE)
        fresh_site.replace(KEY_RELEASE, "<html><body><p>Edited.</p></body></html>")
        edited = c.get(KEY_RELEASE, headers={"If-None-Match": old.headers["etag"]})
        assert edited.status_code == 200
        assert edited.text.endswith("<p>Edited.</p></body></html>")
        assert edited.headers["content-type"] == "text/html; charset=utf-8"
        assert edited.headers["etag"] != old.headers["etag"]
        again = c.get(KEY_RELEASE, headers={"If-None-Match": edited.headers["etag"]})
        assert again.status_code == 304
        fresh_site.remove(KEY_RELEASE, 410)
        assert c.get(KEY_RELEASE).status_code == 410
        fresh_site.reset()
        assert c.get(KEY_RELEASE).content == old.content


def test_stop_is_idempotent_and_releases_the_port() -> None:
    with serve_site() as s:
        port = s.port
        s.stop()
        s.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", timeout=2)


def test_module_serves_until_interrupted() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "resdesk.localsite", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/", line)
        assert match, line
        assert httpx.get(match.group(1) + "/robots.txt", timeout=5).status_code == 200
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


# --------------------------------------------------------------------------- site content


def test_pdf_has_a_text_layer_with_the_key_sentences(client: httpx.Client) -> None:
    data = client.get(PDF_PATH).content
    text = pdf_text(data)
    assert Q2_SENTENCE in text
    assert Q1_PDF_SENTENCE in text
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 3
    assert reader.metadata is not None
    assert reader.metadata.title == (
        "IOM Iraq - Al-Qaim Response - Situation Report No. 5 (20 January 2025)"
    )
    created = reader.metadata.creation_date
    assert created is not None and created.date().isoformat() == "2025-01-20"


def test_rss_feed_has_eight_items_one_duplicate_and_one_late(client: httpx.Client) -> None:
    root = ET.fromstring(client.get(FEED_PATH).content)
    items = list(root.iter("item"))
    assert len(items) == 8
    guids = [item.findtext("guid") for item in items]
    assert len(set(guids)) == 7
    dates = [parsedate_to_datetime(item.findtext("pubDate") or "") for item in items]
    closes = datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC)
    assert sum(d > closes for d in dates) == 1
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    assert all(item.findtext("description") and item.findtext(content) for item in items)


def test_reliefweb_api_shape(client: httpx.Client) -> None:
    body = client.get("/reliefweb/v1/reports?appname=resdesk-demo&limit=10").json()
    assert body["totalCount"] == body["count"] == len(body["data"]) == 6
    for item in body["data"]:
        assert {"id", "score", "fields", "href"} <= item.keys()
        fields = item["fields"]
        assert {"title", "body", "date", "url", "source", "country", "language"} <= fields.keys()
        assert {"created", "original"} <= fields["date"].keys()
        datetime.fromisoformat(fields["date"]["created"])
        assert fields["source"][0]["name"] and fields["source"][0]["shortname"]
        assert fields["country"][0]["name"] and fields["language"][0]["code"] == "en"


def test_ministry_listing_paginates_and_has_an_arabic_release(client: httpx.Client) -> None:
    first = client.get("/mofa/en/press-releases/").text
    second = client.get("/mofa/en/press-releases/page/2/").text
    assert first.count('class="news-teaser"') == second.count('class="news-teaser"') == 5
    assert re.search(r'<a href="/mofa/en/press-releases/page/2/"[^>]*rel="next"', first)
    assert re.search(r'<a href="/mofa/en/press-releases/"[^>]*rel="prev"', second)
    assert KEY_RELEASE in second
    arabic = client.get(
        "/mofa/ar/press-releases/iraq-hands-over-syrian-military-personnel-at-al-qaim/"
    ).text
    assert '<html lang="ar" dir="rtl"' in arabic
    assert "كانون الأول ٢٠٢٤" in arabic


def test_robots_txt_disallows_admin_only(client: httpx.Client) -> None:
    robots = RobotFileParser()
    robots.parse(client.get("/robots.txt").text.splitlines())
    assert not robots.can_fetch("resdesk", "/admin/")
    assert robots.can_fetch("resdesk", KEY_RELEASE)
    assert robots.can_fetch("resdesk", FEED_PATH)
    assert client.get("/admin/").status_code == 200  # exists; only polite robots skip it


def test_every_manifest_path_exists_and_is_served(client: httpx.Client) -> None:
    manifest = (SITE / "MANIFEST.md").read_text(encoding="utf-8")
    paths = sorted(set(re.findall(r"`(/[A-Za-z0-9._~/-]*)`", manifest)))
    assert len(paths) > 40
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_answer_key_quotes_are_verbatim_in_what_is_served(client: httpx.Client) -> None:
    key = json.loads((SITE / "_answer_key.json").read_text(encoding="utf-8"))
    resolutions = {q["key"]: q["resolution"] for q in key["questions"]}
    assert resolutions == {"Q1": "Returned to Syria", "Q2": "Fear of militia takeover"}
    for question in key["questions"]:
        assert any(c["role"] == "settles" for c in question["citations"])
        for citation in question["citations"]:
            response = client.get(citation["path"])
            if citation["path"].endswith(".pdf"):
                text = pdf_text(response.content)
            else:
                text = html_text(response.text)
            assert squash(citation["quote"]) in text, citation["path"]
            published = datetime.fromisoformat(citation["published_at"])
            assert question["opens_at"] <= citation["published_at"] <= question["closes_at"]
            assert published.tzinfo is not None


def test_generated_files_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, "-B", str(SITE / "_build_site.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
