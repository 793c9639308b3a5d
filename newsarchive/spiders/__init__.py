"""Spiders: `archive` (any site, `-a site=SLUG`) and one spider per registered site."""
