"""The measurement engine on real anny bodies: definitions, invariances, any topology."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from adapters.body.anthropometry import REGIONS, evaluate_tapes, measure, vertex_regions
from adapters.body.geometry import BodyGeometry
from application.ports import Gender
from domain.measurements import MEASUREMENT_NAMES, SPECS_BY_NAME
from tests.support.bodies import anny_geometry, anny_space

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def female() -> BodyGeometry:
    return anny_geometry(Gender.FEMALE)


@pytest.fixture(scope="module")
def male() -> BodyGeometry:
    return anny_geometry(Gender.MALE)


def test_every_measurement_of_the_spec_is_taken_within_human_ranges(
    female: BodyGeometry, male: BodyGeometry
) -> None:
    for body in (female, male):
        values = measure(body).values
        assert set(values) == set(MEASUREMENT_NAMES)
        for name, value in values.items():
            spec = SPECS_BY_NAME[name]
            assert spec.minimum < value < spec.maximum, (name, value)


def test_girths_are_ordered_as_on_a_human_body(female: BodyGeometry, male: BodyGeometry) -> None:
    for body in (female, male):
        v = measure(body).values
        assert v["neckCircumference"] < v["waist"] < v["chest"]
        assert v["wrist"] < v["forearm"] < v["bicep"] < v["thigh"]
        assert v["ankle"] < v["calf"] < v["thigh"]
        assert v["inseam"] < v["height"] / 2 + 5
    f, m = measure(female).values, measure(male).values
    # The hourglass: hips over waist is larger for the average woman than the average man.
    assert f["hips"] / f["waist"] > m["hips"] / m["waist"] + 0.1
    assert f["shoulderWidth"] < m["shoulderWidth"]


def test_height_and_mass_agree_with_the_models_own_anthropometry(female: BodyGeometry) -> None:
    import torch
    from anny import Anthropometry

    space = anny_space()
    values = measure(female).values
    vertices = torch.as_tensor(female.vertices[None])
    theirs = Anthropometry(space._model)(vertices)
    assert values["height"] == pytest.approx(float(theirs["height"][0]) * 100, abs=0.01)
    # Same volume; they assume 980 kg/m3 where the engine uses 985.
    assert values["weight"] == pytest.approx(float(theirs["mass"][0]) * 985 / 980, rel=1e-3)


def test_tapes_reproduce_the_engine_exactly(female: BodyGeometry) -> None:
    result = measure(female)
    names = list(result.values)
    through_tapes = evaluate_tapes(result.tapes, female.vertices[None], female.joints[None], names)
    assert np.abs(through_tapes[0] - [result.values[n] for n in names]).max() < 1e-3


def test_lengths_scale_linearly_and_mass_with_the_cube(female: BodyGeometry) -> None:
    scaled = replace(female, vertices=female.vertices * 1.1, joints=female.joints * 1.1)
    before, after = measure(female).values, measure(scaled).values
    for name in MEASUREMENT_NAMES:
        factor = 1.1**3 if name == "weight" else 1.1
        assert after[name] == pytest.approx(before[name] * factor, rel=2e-3), name


def test_an_arm_pressed_against_the_torso_never_enters_a_torso_girth(
    female: BodyGeometry,
) -> None:
    regions = vertex_regions(female)
    arms = np.isin(regions, [REGIONS.index("arm_l"), REGIONS.index("arm_r")])
    vertices = female.vertices.copy()
    # Push both arms towards the body's midline: they now overlap the torso at chest height.
    vertices[arms, 0] *= 0.55
    joints = female.joints.copy()
    for side in ("shoulder_l", "shoulder_r"):
        joints[female.descendants(female.landmarks[side]), 0] *= 0.55
    pressed = replace(female, vertices=vertices, joints=joints)
    before, after = measure(female).values, measure(pressed).values
    for name in ("chest", "waist"):
        assert after[name] == pytest.approx(before[name], abs=0.5), name


def test_the_engine_serves_another_topology(female: BodyGeometry) -> None:
    """A decimated remesh (a different topology, a third of the triangles) measures the same."""
    import fast_simplification
    from scipy.spatial import cKDTree

    points, faces = fast_simplification.simplify(
        female.vertices.astype(np.float32), female.faces.astype(np.int32), target_reduction=0.66
    )
    nearest = cKDTree(female.vertices).query(points)[1]
    remeshed = replace(
        female,
        topology="anny-decimated",
        vertices=points.astype(np.float64),
        faces=faces.astype(np.int64),
        skin_indices=female.skin_indices[nearest],
        skin_weights=female.skin_weights[nearest],
        uvs=None,
        face_uvs=None,
    )
    assert remeshed.face_count < female.face_count / 2
    full, coarse = measure(female).values, measure(remeshed).values
    for name in MEASUREMENT_NAMES:
        tolerance = 1.0 if name == "weight" else max(1.0, 0.02 * full[name])
        assert coarse[name] == pytest.approx(full[name], abs=tolerance), name
