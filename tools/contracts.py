"""import-linter contract types of our own (pyproject.toml `[tool.importlinter]`).

`crawl_process`: only the modules named in `allowed` may start a crawl process. import-linter
sees an external package only as its root (`scrapy`), so the rule reads the lines that import
from Scrapy and looks for the process classes by name.
"""

from __future__ import annotations

import re
from typing import Any

from importlinter.domain import fields
from importlinter.domain.contract import Contract, ContractCheck
from importlinter.domain.helpers import module_expressions_to_modules

PROCESS = re.compile(r"\b(?:Async)?Crawler(?:Process|Runner)\b")


class CrawlProcessContract(Contract):
    """Nothing but `allowed` (and what is inside them) imports Scrapy's CrawlerProcess,
    AsyncCrawlerProcess, CrawlerRunner or AsyncCrawlerRunner.

    Configuration: `allowed` (module expressions), `package` (the external package, default
    scrapy).
    """

    type_name = "crawl_process"

    allowed = fields.ListField(subfield=fields.ModuleExpressionField())
    package = fields.StringField(required=False)

    def check(self, graph: Any, verbose: bool) -> ContractCheck:
        package = str(self.package or "scrapy")
        allowed = {m.name for m in module_expressions_to_modules(graph, self.allowed)}  # type: ignore[arg-type]

        def is_allowed(module: str) -> bool:
            return any(module == a or module.startswith(a + ".") for a in allowed)

        found: list[dict[str, Any]] = []
        for importer in sorted(graph.find_modules_that_directly_import(package)):
            if is_allowed(importer):
                continue
            for detail in graph.get_import_details(importer=importer, imported=package):
                if PROCESS.search(detail["line_contents"]):
                    found.append({"importer": importer, **detail})
        return ContractCheck(kept=not found, metadata={"found": found})

    def render_broken_contract(self, check: ContractCheck) -> None:
        from importlinter.application import output

        for item in check.metadata["found"]:
            output.print_error(
                f"{item['importer']}:{item['line_number']} starts a crawl process: "
                f"{item['line_contents']}",
                bold=False,
            )
        output.new_line()
