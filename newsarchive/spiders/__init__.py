"""Spiders decide what to fetch, nothing else: `archive` (any site, `-a site=SLUG` or
`-a start_url=URL`) and one spider per registered site (`sites.py`). What a page means is
extraction's business (`newsarchive.extract`); what is kept, the pipelines'."""
