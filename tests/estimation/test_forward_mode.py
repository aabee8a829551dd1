"""The refinement's forward-mode Jacobians (adapters/estimation/forward_mode.py, ADR 70):
exact derivatives, torch's Python reference kernels kept out of the constant operands'
zero tangents, and the lean meta kernels giving torch's shapes and dtypes."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import torch

from adapters.estimation.forward_mode import (
    broadcast_shape,
    install_lean_meta_kernels,
    jacfwd,
)


@contextmanager
def reference_kernel_calls() -> Iterator[list[int]]:
    """Counts calls into torch's Python reference implementations (torch._prims_common's
    wrappers), which is where the meta kernels of the zero tangents went."""
    calls = [0]

    def tracer(frame, event, argument):  # type: ignore[no-untyped-def]
        if (
            event == "call"
            and frame.f_code.co_name == "_fn"
            and frame.f_code.co_filename.endswith("_prims_common/wrappers.py")
        ):
            calls[0] += 1

    previous = sys.getprofile()
    sys.setprofile(tracer)
    try:
        yield calls
    finally:
        sys.setprofile(previous)


def _mixed(x: torch.Tensor) -> torch.Tensor:
    """Every kind of constant operand the fit has: tensors of another dtype, broadcasting,
    Python floats and integers, a subtraction (alpha) and a division."""
    observed = torch.tensor([[1.0, -2.0, 0.5], [3.0, 0.25, -1.0]], dtype=torch.float32)
    sigma = torch.tensor(0.5, dtype=torch.float64)
    return ((x * observed + 2.0) - x / 3 + observed * x[0] - x) / sigma


def _mixed_jacobian(x: torch.Tensor) -> torch.Tensor:
    """d _mixed / dx by hand: (2, 3) outputs by 3 inputs."""
    observed = torch.tensor([[1.0, -2.0, 0.5], [3.0, 0.25, -1.0]], dtype=torch.float64)
    jacobian = torch.zeros(2, 3, 3, dtype=torch.float64)
    for row in range(2):
        for column in range(3):
            jacobian[row, column, column] += observed[row, column] - 1.0 / 3.0 - 1.0
            jacobian[row, column, 0] += observed[row, column]
    return jacobian / 0.5


def test_jacobian_of_constants_mixed_with_the_unknowns_is_exact() -> None:
    x = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64)
    jacobian = jacfwd(_mixed)(x)
    assert jacobian.shape == (2, 3, 3)
    assert torch.allclose(jacobian, _mixed_jacobian(x), atol=1e-6)  # float32 constants


def test_constant_operands_no_longer_run_torchs_python_kernels() -> None:
    install_lean_meta_kernels()
    x = torch.tensor([0.3, -1.2, 2.0], dtype=torch.float64)
    jacfwd(_mixed)(x)  # first use loads the rules
    with reference_kernel_calls() as calls:
        jacfwd(_mixed)(x)
    assert calls[0] == 0


def test_installing_twice_registers_once() -> None:
    install_lean_meta_kernels()
    assert install_lean_meta_kernels() is False


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ((3, 1), (4,), (3, 4)),
        ((), (2, 3), (2, 3)),
        ((5, 1, 3), (1, 4, 1), (5, 4, 3)),
        ((2, 3), (2, 3), (2, 3)),
    ],
)
def test_broadcast_shape_follows_numpy(
    first: tuple[int, ...], second: tuple[int, ...], expected: tuple[int, ...]
) -> None:
    assert broadcast_shape(first, second) == expected
    assert broadcast_shape(second, first) == expected


def test_broadcast_shape_refuses_shapes_that_do_not_broadcast() -> None:
    with pytest.raises(ValueError, match=r"\(2, 3\) and \(4,\)"):
        broadcast_shape((2, 3), (4,))


def test_meta_results_keep_torchs_shapes_and_dtypes() -> None:
    install_lean_meta_kernels()
    meta = {"device": "meta"}
    half = torch.empty(4, 1, dtype=torch.float32, **meta)
    double = torch.empty(3, dtype=torch.float64, **meta)
    number = torch.empty((), dtype=torch.float64, **meta)
    integers = torch.empty(3, dtype=torch.int64, **meta)
    flags = torch.empty(3, dtype=torch.bool, **meta)

    assert (half * double).shape == (4, 3) and (half * double).dtype == torch.float64
    assert (half + number).dtype == torch.float32  # a 0-dim tensor does not promote
    assert (integers * integers).dtype == torch.int64  # torch's own kernel
    assert (integers / integers).dtype == torch.get_default_dtype()
    assert (flags * flags).dtype == torch.bool
    assert torch.sub(double, double, alpha=2.0).shape == (3,)
    with pytest.raises(RuntimeError):
        half[:, 0] + double  # (4,) and (3,)
    with pytest.raises(RuntimeError):
        flags - flags  # torch refuses subtracting booleans
