"""Raw responses as WARC beside the JSONL: the writer, the reader (for re-extraction and
checks), and the repair of a file a killed crawl left open."""
