"""Where the repository's own reference files live, and how a source file is named in records.

Source files are recorded relative to the repository (bundled snapshot) or to the landing folder,
so quarantine rows and lineage read the same on every machine.
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO_ROOT / "dbt_project" / "seeds"


def display_path(path: Path, root: Path | None = None) -> str:
    """The path as stored in ``source_file``: relative to ``root`` or the repository if inside."""
    resolved = Path(path).resolve()
    for base in (root, REPO_ROOT):
        if base is not None and resolved.is_relative_to(Path(base).resolve()):
            return resolved.relative_to(Path(base).resolve()).as_posix()
    return resolved.as_posix()
