"""Forward-mode Jacobians without torch's Python detour for constant operands (ADR 70).

In torch's forward-mode autodiff, an arithmetic op between a differentiated tensor and a
constant (an observed outline, a sigma, a Python number) gives the constant a tangent of
"efficient zeros". The zeros' own ``mul`` / ``add`` / ``sub`` / ``div`` work out their result's
shape on the meta device, and torch registers Python meta kernels there (its reference
implementations: type promotion, broadcasting and stride rules in Python). In the photo
fit that was about 1,600 such ops per avatar and a quarter of its time.

``jacfwd`` here is ``torch.func.jacfwd`` after lean meta kernels for those four ops are
registered once per process: for a floating-point result, the broadcast shape and the
promoted dtype, contiguous, which is all an efficient zero tensor keeps of it; an op whose
result is not floating point (integers, booleans) goes to torch's own kernel. The values
and derivatives are unchanged (``tests/estimation/test_forward_mode.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

LEAN_OPS = ("mul.Tensor", "add.Tensor", "sub.Tensor", "div.Tensor")

_lock = threading.Lock()
_library: Any = None  # the registration lives as long as this object


def jacfwd(function: Callable[..., Any], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """``torch.func.jacfwd(function, argnums)`` with the lean meta kernels in place."""
    from torch.func import jacfwd as torch_jacfwd

    install_lean_meta_kernels()
    return torch_jacfwd(function, argnums=argnums)


def install_lean_meta_kernels() -> bool:
    """Register the lean meta kernels (once per process); True if this call did it."""
    global _library
    if _library is not None:
        return False
    with _lock:
        if _library is not None:
            return False
        import torch

        library = torch.library.Library("aten", "IMPL", "Meta")
        for name in LEAN_OPS:
            overload = getattr(torch.ops.aten, name.split(".")[0]).Tensor
            library.impl(name, _lean_kernel(_torch_meta_kernel(overload)))
        _library = library
        return True


def broadcast_shape(first: Sequence[int], second: Sequence[int]) -> tuple[int, ...]:
    """The shape two tensors broadcast to (NumPy's rules); ValueError if they do not."""
    width = max(len(first), len(second))
    a = (1,) * (width - len(first)) + tuple(first)
    b = (1,) * (width - len(second)) + tuple(second)
    shape = []
    for x, y in zip(a, b, strict=True):
        if x != y and x != 1 and y != 1:
            raise ValueError(f"shapes {tuple(first)} and {tuple(second)} do not broadcast")
        shape.append(y if x == 1 else x)
    return tuple(shape)


def _torch_meta_kernel(overload: Any) -> Callable[..., Any]:
    """torch's own meta kernel for ``overload`` (its reference implementation)."""
    from torch._decomp import global_decomposition_table

    for kind in ("meta", "post_autograd", "pre_autograd"):
        kernel = global_decomposition_table[kind].get(overload)
        if kernel is not None:
            return kernel  # type: ignore[no-any-return]
    raise LookupError(f"torch has no meta kernel for {overload}")


def _lean_kernel(fallback: Callable[..., Any]) -> Callable[..., Any]:
    import torch

    def kernel(first: Any, second: Any, **options: Any) -> Any:
        # ``alpha`` (add, sub) and ``rounding_mode`` (div) change neither shape nor dtype of
        # a floating-point result.
        if isinstance(first, torch.Tensor) and isinstance(second, torch.Tensor):
            dtype = torch.result_type(first, second)
            if dtype.is_floating_point:
                try:
                    shape = broadcast_shape(first.shape, second.shape)
                except ValueError:
                    return fallback(first, second, **options)  # torch's own error
                return torch.empty(shape, dtype=dtype, device=first.device)
        return fallback(first, second, **options)

    return kernel
