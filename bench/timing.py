"""Timing a piece of work over many rounds, and printing median and p95, the same way in every
benchmark."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(fn: Callable[[], Any], rounds: int, warmup: int = 5) -> list[float]:
    """Milliseconds per call of `fn`, after `warmup` calls that are not counted."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def report(name: str, samples: list[float], width: int = 44) -> None:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    print(f"{name:<{width}} median {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   "
          f"({len(ordered)} rounds)")
