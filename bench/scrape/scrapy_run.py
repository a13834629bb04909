"""Scrapy crawling and parsing the benchmark site, in a process of its own.

``python -m bench.scrape.scrapy_run --base URL --out DIR``: a spider starts at the first
listing page, follows ``rel=next`` and every teaser link, and extracts title, date and
body text from each press release with CSS selectors; items go to a JSON Lines feed.
Scrapy parses but does not archive bytes or write a database. Settings as the issue
fixes them: 8 requests per domain, no delay, robots.txt obeyed, no HTTP cache.
Prints one JSON line like ``bench.scrape.ours``.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

from bench.scrape.common import cpu_seconds, peak_rss_kb, rss_kb
from bench.scrape.site import ITEM_SELECTOR, LISTING_PATH, NEXT_SELECTOR

SETTINGS: dict[str, Any] = {
    "CONCURRENT_REQUESTS_PER_DOMAIN": 8,
    "DOWNLOAD_DELAY": 0,
    "ROBOTSTXT_OBEY": True,
    "HTTPCACHE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 30,
    "CLOSESPIDER_TIMEOUT": 240,  # a bound, never reached in a normal run
}


class PressReleaseSpider(scrapy.Spider):
    name = "press_releases"

    def __init__(self, start: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [start]

    def parse(self, response: Response) -> Iterator[Any]:
        for teaser in response.css(ITEM_SELECTOR):
            href = teaser.css("h2 a::attr(href)").get()
            if href:
                yield response.follow(href, callback=self.parse_release)
        next_page = response.css(f"{NEXT_SELECTOR}::attr(href)").get()
        if next_page:
            yield response.follow(next_page, callback=self.parse)

    def parse_release(self, response: Response) -> Iterator[dict[str, Any]]:
        article = response.css("article")
        paragraphs = article.css(".body p::text").getall()
        yield {
            "url": response.url,
            "title": " ".join(article.css("h1::text").get("").split()),
            "date": article.css("time::attr(datetime)").get(),
            "text": "\n".join(" ".join(p.split()) for p in paragraphs),
        }


class _Meter:
    """Counts responses (robots.txt aside) and times the crawl from open to close."""

    def __init__(self) -> None:
        self.pages = 0
        self.robots = 0
        self.statuses: dict[int, int] = {}
        self.opened = self.closed = 0.0
        self.cpu_opened = self.cpu_closed = 0.0
        self.base_rss = 0

    def response_received(self, response: Response, **_: Any) -> None:
        if response.url.endswith("/robots.txt"):
            self.robots += 1
            return
        self.pages += 1
        self.statuses[response.status] = self.statuses.get(response.status, 0) + 1

    def spider_opened(self, **_: Any) -> None:
        self.base_rss = rss_kb()
        self.opened, self.cpu_opened = time.perf_counter(), cpu_seconds()

    def spider_closed(self, **_: Any) -> None:
        self.closed, self.cpu_closed = time.perf_counter(), cpu_seconds()


def run(base: str, out: Path) -> dict[str, Any]:
    feed = out / "items.jsonl"
    settings = dict(SETTINGS, FEEDS={str(feed): {"format": "jsonlines", "encoding": "utf8"}})
    process = CrawlerProcess(settings=settings, install_root_handler=False)
    crawler = process.create_crawler(PressReleaseSpider)
    meter = _Meter()
    crawler.signals.connect(meter.response_received, signal=signals.response_received)
    crawler.signals.connect(meter.spider_opened, signal=signals.spider_opened)
    crawler.signals.connect(meter.spider_closed, signal=signals.spider_closed)
    process.crawl(crawler, start=base + LISTING_PATH)
    process.start()
    seconds = meter.closed - meter.opened
    items = [json.loads(line) for line in feed.read_text("utf-8").splitlines() if line]
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return {
        "pages": meter.pages,
        "seconds": seconds,
        "pages_per_s": meter.pages / seconds if seconds > 0 else 0.0,
        "items": len(items),
        "items_with_text": sum(
            1 for i in items if len(i["text"]) > 200 and i["title"] and i["date"]
        ),
        "statuses": meter.statuses,
        "robots_requests": meter.robots,
        "finish_reason": stats.get("finish_reason"),
        "cpu_s": meter.cpu_closed - meter.cpu_opened,
        "base_rss_kb": meter.base_rss,
        "loadavg": os.getloadavg(),
        "peak_rss_kb": peak_rss_kb(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.scrape.scrapy_run")
    parser.add_argument("--base", required=True, help="the site's origin, http://127.0.0.1:N")
    parser.add_argument("--out", type=Path, required=True, help="folder for the items feed")
    args = parser.parse_args()
    print(json.dumps(run(args.base, args.out)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
