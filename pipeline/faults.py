"""Fault injection for resume tests: MEDCURATE_INJECT_FAILURE="<stage>:<shard index>" makes that shard crash.

Real crashes (OOM, pre-emption, a killed job) leave the same state behind: some shards done, one
stage partial. The resume path is the same either way.
"""

import os


class InjectedFailure(RuntimeError):
    pass


def maybe_fail(stage: str, shard_index: int) -> None:
    spec = os.environ.get("MEDCURATE_INJECT_FAILURE", "")
    if not spec:
        return
    target_stage, _, index = spec.partition(":")
    if target_stage == stage and index.isdigit() and int(index) == shard_index:
        raise InjectedFailure(f"injected failure in stage '{stage}' at shard {shard_index}")
