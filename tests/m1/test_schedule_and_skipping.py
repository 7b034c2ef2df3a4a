"""WSD on known points; the skip rule on constructed gradient-norm series."""

import math

import pytest

from m1.schedule import WSD
from m1.update_skipping import UpdateSkipper


def test_wsd_warmup_stable_decay():
    s = WSD(peak_lr=1.0, warmup_steps=10, stable_steps=20, decay_steps=10, final_lr=0.1)
    assert s.lr(0) == pytest.approx(0.1) and s.lr(9) == pytest.approx(1.0)
    assert s.lr(10) == 1.0 and s.lr(29) == 1.0
    assert s.lr(35) == pytest.approx(0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * 0.5)))
    assert s.lr(40) == pytest.approx(0.1) and s.lr(1000) == pytest.approx(0.1)
    linear = WSD(peak_lr=1.0, warmup_steps=0, stable_steps=0, decay_steps=4, final_lr=0.0, decay="linear")
    assert [linear.lr(i) for i in range(5)] == pytest.approx([1.0, 0.75, 0.5, 0.25, 0.0])
    with pytest.raises(ValueError):
        WSD(decay="step")


def test_no_skipping_before_100_norms_then_isolated_spikes_only():
    skipper = UpdateSkipper()
    assert not any(skipper.should_skip(1.0) for _ in range(99))
    assert not skipper.should_skip(50.0)  # 100th norm: the window was not full yet, so it is taken
    skipper = UpdateSkipper()
    for _ in range(100):
        skipper.should_skip(1.0)
    assert skipper.threshold() == pytest.approx(1.3)
    assert not skipper.should_skip(1.29)
    assert skipper.should_skip(5.0)  # isolated spike: skipped, not recorded
    assert len(skipper.norms) == 100 and skipper.norms[-1] == pytest.approx(1.29)
    assert not skipper.should_skip(5.0)  # never two in a row: applied and recorded
    assert skipper.norms[-1] == 5.0
    assert skipper.should_skip(9.0)  # a new isolated spike after a taken step
    assert skipper.skipped_total == 2
    state = skipper.state_dict()
    again = UpdateSkipper()
    again.load_state_dict(state)
    assert again.threshold() == skipper.threshold() and again.skipped_in_a_row == 1
