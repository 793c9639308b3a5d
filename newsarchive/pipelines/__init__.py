"""Item pipelines, in order: validate → drop placeholders → dedup → write.

Every drop goes through `newsarchive.pipelines.base.drop`: a `newsarchive/dropped/<reason>`
stat, the outcome in the seen-state, and a DropItem naming the reason and the URL.
"""
