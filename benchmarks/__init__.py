"""Benchmarks: a synthetic regional news site (`sitegen`), a static server fast enough not to
be the bottleneck (`fastserver`), and the crawl benchmark against bare Scrapy (`crawl`)."""
