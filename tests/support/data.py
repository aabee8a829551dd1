"""Values several test suites and the benchmarks share."""

from __future__ import annotations

SPEC_MEASUREMENTS = {  # the example of spec 4.2.2, in cm and kg
    "height": 175.0,
    "weight": 70.0,
    "chest": 95.0,
    "waist": 80.0,
    "hips": 100.0,
    "shoulderWidth": 45.0,
    "armLength": 60.0,
    "inseam": 78.0,
    "neckCircumference": 38.0,
}
