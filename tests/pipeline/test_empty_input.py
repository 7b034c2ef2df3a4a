"""A shard with no rows goes through every stage with zero counts, not an error."""

import pytest

from tests.conftest import documents
from tests.pipeline.helpers import run_stage


@pytest.mark.parametrize("stage", ["exact_dedup", "dedup", "filter", "upsample"])
def test_an_empty_shard_passes_through_every_stage(tmp_path, stage):
    kept, rejects, manifest = run_stage(stage, documents([]), tmp_path)
    assert (manifest.counts.rows_in, manifest.counts.kept, manifest.counts.rejected) == (0, 0, 0)
    assert kept.num_rows == 0 and rejects is None
