"""Extraction: pure functions from (page, URL, site profile) to fields. No Scrapy in here.

>>> from newsarchive.extract import extract_article
>>> html = '''<html><head><title>我区召开大会_示例网</title></head><body>
... <h1>我区召开大会</h1><div class="info">来源：区政府办 发布时间：2022-08-29 06:33:18</div>
... <div class="text"><p>　　12月25日，我区召开大会，部署明年重点工作。</p></div></body></html>'''
>>> record = extract_article(html, "http://example.cn/a/1.html")
>>> record["title"], record["source"], record["published_at"]
('我区召开大会', '区政府办', '2022-08-29T06:33:18+08:00')
"""

from __future__ import annotations

from newsarchive.extract.article import extract_article, parse_article, read_article, read_listing
from newsarchive.extract.continuations import article_continuations, merge_article_pages
from newsarchive.extract.html import make_selector
from newsarchive.extract.listing import is_listing_page, parse_listing

__all__ = [
    "article_continuations",
    "extract_article",
    "is_listing_page",
    "make_selector",
    "merge_article_pages",
    "parse_article",
    "parse_listing",
    "read_article",
    "read_listing",
]
