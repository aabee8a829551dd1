"""The SMPL/SMPL-X shape space on a small synthetic SMPL-format model file."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("smplx", reason="the smplx package (the 'smpl' extra) is not installed")
torch = pytest.importorskip("torch")

from adapters.body.geometry import LANDMARKS  # noqa: E402
from adapters.body.smplx_space import SmplModelMissing, SmplxSpace  # noqa: E402
from application.ports import Gender  # noqa: E402
from tests.support.synthetic_smpl import PARENTS, write_synthetic_smpl  # noqa: E402


@pytest.fixture(scope="module", autouse=True)
def one_torch_thread() -> Iterator[None]:
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def model_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("smpl")
    write_synthetic_smpl(folder / "SMPL_FEMALE.pkl")
    write_synthetic_smpl(folder / "smpl" / "SMPL_NEUTRAL.npz", with_uvs=False)
    return folder


@pytest.fixture(scope="module")
def space(model_folder: Path) -> SmplxSpace:
    made = SmplxSpace(model_folder / "SMPL_FEMALE.pkl")
    made.prepare()
    return made


def test_a_batch_of_betas_gives_a_batch_of_bodies(space: SmplxSpace) -> None:
    betas = space.sample(np.random.default_rng(1), 3, None)
    vertices, joints = space.surface(betas)
    assert vertices.shape == (3, 4040, 3) and joints.shape == (3, 24, 3)
    assert space.parameter_names == tuple(f"beta_{i}" for i in range(10))


def test_bodies_stand_head_up_facing_minus_y_left_on_plus_x_soles_on_the_floor(
    space: SmplxSpace,
) -> None:
    body = space.geometry(space.default(None))
    joint = body.joint
    assert joint("head")[2] > joint("neck")[2] > joint("pelvis")[2] > joint("knee_l")[2]
    assert joint("knee_l")[2] > joint("ankle_l")[2]
    toes_l = body.joints[body.joint_names.index("left_foot")]
    assert toes_l[1] < joint("ankle_l")[1] - 0.1  # the feet point forward: -Y
    for side in ("shoulder", "hip", "wrist", "knee"):
        assert joint(f"{side}_l")[0] > 0.05 > -0.05 > joint(f"{side}_r")[0]
    assert body.vertices[:, 2].min() == pytest.approx(0.0, abs=1e-9)
    vertices, _ = space.surface(space.sample(np.random.default_rng(2), 4, None))
    assert np.allclose(vertices[:, :, 2].min(axis=1), 0.0, atol=1e-9)


def test_the_measurement_stance_is_an_a_pose_with_the_legs_apart(space: SmplxSpace) -> None:
    body = space.geometry(space.default(None))
    joint = body.joint
    for side, outward in (("l", 1.0), ("r", -1.0)):
        upper_arm = joint(f"elbow_{side}") - joint(f"shoulder_{side}")
        below_horizontal = np.degrees(np.arctan2(-upper_arm[2], outward * upper_arm[0]))
        assert below_horizontal == pytest.approx(45.0, abs=0.5)
        assert outward * (joint(f"wrist_{side}")[0] - joint(f"shoulder_{side}")[0]) > 0.2
    assert joint("ankle_l")[0] - joint("ankle_r")[0] > joint("hip_l")[0] - joint("hip_r")[0]
    assert joint("ankle_l")[2] == pytest.approx(joint("ankle_r")[2])


def test_one_body_is_the_same_alone_and_in_a_batch(space: SmplxSpace) -> None:
    betas = space.sample(np.random.default_rng(3), 5, None)
    vertices, joints = space.surface(betas)
    for index in (0, 4):
        alone_vertices, alone_joints = space.surface(betas[index : index + 1])
        assert np.allclose(alone_vertices[0], vertices[index], atol=1e-5)
        assert np.allclose(alone_joints[0], joints[index], atol=1e-5)
    assert np.allclose(space.geometry(betas[2]).vertices, vertices[2], atol=1e-5)


def test_betas_change_the_body(space: SmplxSpace) -> None:
    average, taller, wider = np.zeros((3, 10))
    taller[0], wider[1] = 2.0, 2.0
    vertices, _ = space.surface(np.stack([average, taller, wider]))
    heights = vertices[:, :, 2].max(axis=1)
    assert heights[1] > heights[0] + 0.1
    widths = np.ptp(vertices[:, :, 1], axis=1)  # front to back
    assert widths[2] > widths[0] + 0.01


def test_the_geometry_is_a_full_rigged_body(space: SmplxSpace) -> None:
    body = space.geometry(space.default(None))
    assert set(body.landmarks) == set(LANDMARKS)
    assert body.joint_names[16] == "left_shoulder" and len(body.joint_names) == 24
    assert list(body.joint_parents) == list(PARENTS)
    assert body.faces.shape == (8000, 3) and body.faces.max() < body.vertex_count
    assert body.skin_indices.shape == (4040, 4)
    assert np.allclose(body.skin_weights.sum(axis=1), 1.0)
    assert body.uvs is not None and body.uvs.shape == (4040, 2)
    assert body.face_uvs is not None and body.face_uvs.shape == (8000, 3)
    assert body.bind_matrices is not None and body.bind_matrices.shape == (24, 4, 4)
    rotations = body.bind_matrices[:, :3, :3]
    assert np.allclose(rotations @ rotations.transpose(0, 2, 1), np.eye(3), atol=1e-6)
    assert np.allclose(body.bind_matrices[:, :3, 3], body.joints)
    # The lowered left arm's bone axis (+X at rest) now points out and down.
    shoulder = body.bind_matrices[body.landmarks["shoulder_l"]]
    assert shoulder[0, 0] > 0.6 and shoulder[2, 0] < -0.6
    assert body.model_name == "smpl" and body.topology == "smpl-4040"
    assert body.extras["gender"] == "female"


def test_population_draws_are_standard_normal_truncated_at_three(space: SmplxSpace) -> None:
    draws = space.sample(np.random.default_rng(4), 4000, Gender.MALE)
    assert draws.shape == (4000, 10)
    assert np.abs(draws).max() <= 3.0
    assert np.abs(draws.mean(axis=0)).max() < 0.1
    assert np.allclose(draws.std(axis=0), 1.0, atol=0.08)
    assert np.array_equal(space.default(Gender.FEMALE), np.zeros(10))
    assert space.gender_parameter(Gender.FEMALE) == {}
    assert (space.lower, space.upper) == pytest.approx((-3.0, 3.0))


def test_type_and_gender_come_from_the_file_or_the_folder(model_folder: Path) -> None:
    from_file = SmplxSpace(model_folder / "SMPL_FEMALE.pkl")
    assert (from_file.model_type, from_file.gender) == ("smpl", Gender.FEMALE)
    from_folder = SmplxSpace(model_folder, model_type="smpl")  # finds smpl/SMPL_NEUTRAL.npz
    assert from_folder.model_file == model_folder / "smpl" / "SMPL_NEUTRAL.npz"
    assert from_folder.gender is None
    from_folder.prepare()
    body = from_folder.geometry(np.zeros(10))
    assert body.uvs is None and body.face_uvs is None  # that file has none
    assert from_folder.model_version.startswith("SMPL_NEUTRAL.npz#")
    assert from_folder.model_version != from_file.model_version


def test_a_missing_model_file_is_reported_and_named(tmp_path: Path) -> None:
    assert not SmplxSpace(tmp_path / "nowhere.pkl").readiness().ready
    (tmp_path / "models").mkdir()
    space = SmplxSpace(tmp_path / "models", model_type="smplx", gender="male")
    readiness = space.readiness()
    assert not readiness.ready
    assert "smpl-x.is.tue.mpg.de" in readiness.detail
    with pytest.raises(SmplModelMissing, match="SMPLX_MALE"):
        space.prepare()


def test_without_smplx_the_error_names_the_extra(
    model_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "smplx", None)  # import smplx now fails
    space = SmplxSpace(model_folder / "SMPL_FEMALE.pkl")
    assert "[smpl]" in space.readiness().detail
    with pytest.raises(ImportError, match=r"\[smpl\]"):
        space.prepare()


def test_a_file_that_is_no_smpl_model_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "SMPL_MALE.pkl"
    path.write_bytes(b"\x80\x04K\x01.")  # a pickled 1
    with pytest.raises(ValueError, match="not an SMPL-family model file"):
        SmplxSpace(path).prepare()
