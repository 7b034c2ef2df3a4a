"""Executors: run a function over work items in-process or on Ray, results in item order.

Work is cut into shards (files) rather than Ray Data blocks so that outputs are named and ordered by
the input, whatever the number of workers: that is what makes reruns byte-identical and lets a
crashed stage resume shard by shard.
"""

from __future__ import annotations

import logging
import os
from typing import Any, Callable, Sequence

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

log = logging.getLogger("medcurate")


def _progress(disable: bool) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        disable=disable, transient=False,
    )


class LocalExecutor:
    """Runs everything in this process: no start-up cost, right for small inputs and debugging."""

    name = "local"

    def __init__(self, progress: bool = True):
        self.show_progress = progress

    def map(self, fn: Callable, items: Sequence[Any], *, label: str, state_factory: Callable | None = None) -> list:
        state = state_factory() if state_factory is not None else None
        results = []
        with _progress(not self.show_progress or len(items) < 2) as bar:
            task = bar.add_task(label, total=len(items))
            for item in items:
                results.append(fn(state, item) if state_factory is not None else fn(item))
                bar.advance(task)
        return results

    @property
    def parallelism(self) -> int:
        return 1

    def shutdown(self) -> None:
        pass


class RayExecutor:
    """Runs work on Ray: a local Ray when no address is set, else the cluster at RAY_ADDRESS.

    Stateful work (a stage holding models) runs on a pool of actors, one stage instance each, so
    models load once per actor rather than once per shard.
    """

    name = "ray"

    def __init__(self, num_workers: int | None = None, object_store_memory_mb: int = 256, progress: bool = True):
        import ray

        self.ray = ray
        self.show_progress = progress
        self.owns_ray = not ray.is_initialized()  # shut down only a Ray this executor started
        if self.owns_ray:
            address = os.environ.get("RAY_ADDRESS")
            if address:
                ray.init(address=address, log_to_driver=True)
            else:
                # A small object store: the default reserves 30% of RAM (ENVIRONMENT.md).
                ray.init(
                    num_cpus=num_workers, object_store_memory=object_store_memory_mb * 2**20,
                    include_dashboard=False, log_to_driver=True, configure_logging=False,
                )
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = max(1, min(num_workers or cpus, cpus))

    @property
    def parallelism(self) -> int:
        return self.workers

    def map(self, fn: Callable, items: Sequence[Any], *, label: str, state_factory: Callable | None = None) -> list:
        ray = self.ray
        if not items:
            return []
        if state_factory is not None:
            actor_cls = ray.remote(num_cpus=1)(_StatefulWorker)
            actors = [actor_cls.remote(state_factory, fn) for _ in range(min(self.workers, len(items)))]
            submit = lambda i: actors[i % len(actors)].call.remote(items[i])  # noqa: E731
            in_flight_cap = len(actors) * 2
        else:
            remote_fn = ray.remote(num_cpus=1)(_call_logged)
            submit = lambda i: remote_fn.remote(fn, items[i])  # noqa: E731
            in_flight_cap = self.workers * 2
        results: list[Any] = [None] * len(items)
        pending: dict[Any, int] = {}
        next_item = 0
        with _progress(not self.show_progress) as bar:
            task = bar.add_task(label, total=len(items))
            while next_item < len(items) or pending:
                while next_item < len(items) and len(pending) < in_flight_cap:
                    pending[submit(next_item)] = next_item
                    next_item += 1
                done, _ = ray.wait(list(pending), num_returns=1)
                for ref in done:
                    results[pending.pop(ref)] = ray.get(ref)
                    bar.advance(task)
        if state_factory is not None:
            for actor in actors:
                ray.kill(actor)
        return results

    def shutdown(self) -> None:
        if self.owns_ray and self.ray.is_initialized():
            self.ray.shutdown()


def _worker_logging() -> None:
    """Ray workers start with logging unconfigured; shard progress lines go to the driver's log."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", datefmt="%H:%M:%S")


def _call_logged(fn: Callable, item):
    _worker_logging()
    return fn(item)


class _StatefulWorker:
    def __init__(self, state_factory: Callable, fn: Callable):
        _worker_logging()
        self.state = state_factory()
        self.fn = fn

    def call(self, item):
        return self.fn(self.state, item)


def make_executor(kind: str, *, num_workers: int | None = None, object_store_memory_mb: int = 256, progress: bool = True):
    if kind == "local":
        return LocalExecutor(progress=progress)
    if kind == "ray":
        return RayExecutor(num_workers=num_workers, object_store_memory_mb=object_store_memory_mb, progress=progress)
    raise ValueError(f"executor must be 'local' or 'ray', got '{kind}'")
