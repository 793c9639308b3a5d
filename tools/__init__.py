"""Code the repository's scripts and benchmarks share; not part of the newsarchive package."""
