"""The scrape benchmark: Resolution Desk's scraping path against Scrapy (see bench/README.md)."""
