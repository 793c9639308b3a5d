"""The demo news site's kit: what the demo builder (``scripts/build_demo_site.py``) and the
benchmark site generator (``benchmarks/sitegen.py``) both make their sites of.

* `tools.sitekit.templates`: the site's names, URL layout, page metadata, the three page
  templates, listings and home page;
* `tools.sitekit.text`: the demo's article texts, the corpus both draw on.
"""
