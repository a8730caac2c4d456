"""The fingerprint of the reference seeds a family's readers resolve with.

A file is read against the seeds as they are: the commodity crosswalk, the region aliases, the
price bands, the agreement organisations. When one of them changes (a spelling added to
``commodity_crosswalk.csv``), rows quarantined for lack of it may now land, so every file of the
families that read that seed is read again on the next run. The fingerprint is recorded with
each file in ``meta.ingest_log`` and shown as the ingest assets' code version.
"""

import hashlib
from collections.abc import Sequence
from pathlib import Path


def seeds_fingerprint(seeds: Sequence[Path]) -> str:
    """A short digest over the seeds' names and bytes (order-independent)."""
    digest = hashlib.sha256()
    for path in sorted(seeds, key=lambda p: p.name):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
