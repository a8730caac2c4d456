"""What is not Dagster: the landing library, the publish and the Great Expectations runner.

Plain functions over DuckDB connections and files, so the assets in ``orchestration/defs`` stay
thin and the reliability tests can drive the same code without a Dagster run.
"""
