"""Landing source files into the raw zone: found, read, checked, merged, logged, atomically.

- ``discovery``: which files of a family are there, and which are still being written;
- ``ingest_log``: what was landed before (path, sha256, the reference seeds it was read with);
- ``transaction``: the one transaction every landing runs in;
- ``tables``: the DDL of raw tables, quarantine and touched periods;
- ``merge``: one row per observation key, duplicates counted, conflicts quarantined;
- ``per_file``: the readers that take one file at a time (xlsx, JSON, text articles);
- ``batch``: the set-based path, every new file of a tabular layout in one batch;
- ``report``: what a landing did, per family, for the asset's metadata and ``make run``.
"""
