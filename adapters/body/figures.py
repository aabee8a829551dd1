"""Pictures of the measurement definitions, rendered from a real body by the project.

    python -m adapters.body.figures docs/measurements.png

Front and side views of the average woman and man of the anny population with every girth
the engine takes drawn where it takes it, and the landmark heights.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from adapters.body.anthropometry import measure
from adapters.body.geometry import BodyGeometry
from domain.measurements import ChestGirth, Gender, chest_girth_for

CHEST_LABELS = {
    ChestGirth.BUST: "chest = bust girth",
    ChestGirth.UNDER_ARMPITS: "chest under the arms",
}

COLOURS = {
    "chest": "#d62728",
    "waist": "#2ca02c",
    "hips": "#1f77b4",
    "neckCircumference": "#9467bd",
    "bicep": "#ff7f0e",
    "forearm": "#8c564b",
    "wrist": "#e377c2",
    "thigh": "#17becf",
    "calf": "#bcbd22",
    "ankle": "#7f7f7f",
}


def draw(geometries: list[tuple[str, BodyGeometry, Gender | None]], output: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import PolyCollection

    figure, axes = plt.subplots(1, 2 * len(geometries), figsize=(5 * len(geometries), 7.5))
    for column, (title, geometry, gender) in enumerate(geometries):
        result = measure(geometry, gender)
        v, f = geometry.vertices, geometry.faces
        for view, axis in enumerate(axes[2 * column : 2 * column + 2]):
            horizontal = 0 if view == 0 else 1  # front: x; side: y
            normals = np.cross(v[f[:, 1]] - v[f[:, 0]], v[f[:, 2]] - v[f[:, 0]])
            facing = normals[:, 1] < 0 if view == 0 else normals[:, 0] > 0
            depth = v[f, 1].mean(axis=1) if view == 0 else -v[f, 0].mean(axis=1)
            order = np.argsort(-depth[facing])
            tris = v[f[facing][order]][:, :, [horizontal, 2]]
            shade = np.abs(normals[facing][order][:, 1 if view == 0 else 0]) / (
                np.linalg.norm(normals[facing][order], axis=1) + 1e-12
            )
            colours = plt.cm.Greys(0.25 + 0.35 * shade)
            axis.add_collection(PolyCollection(tris, facecolors=colours, edgecolors="none"))
            for loop in result.loops:
                ring = np.vstack([loop.polygon, loop.polygon[:1]])
                axis.plot(
                    ring[:, horizontal], ring[:, 2], color=COLOURS.get(loop.name, "k"), lw=1.6
                )
            for z in result.landmarks_cm.values():
                axis.axhline(z / 100, color="#999999", lw=0.5, ls=":")
            if view == 1:
                for z, names in _labels(result.landmarks_cm):
                    axis.text(v[:, 1].max() + 0.02, z / 100, names, fontsize=7, va="center")
            axis.set_aspect("equal")
            axis.set_xlim(v[:, horizontal].min() - 0.1, v[:, horizontal].max() + 0.15)
            axis.set_ylim(-0.02, v[:, 2].max() + 0.05)
            axis.axis("off")
            chest = CHEST_LABELS[chest_girth_for(gender)]
            axis.set_title(f"{title}: {'front' if view == 0 else 'side'}\n({chest})", fontsize=9)
        values = result.values
        text = "\n".join(f"{k}: {values[k]:.1f}" for k in values)
        axes[2 * column].text(
            v[:, 0].min() - 0.1, 0.0, text, fontsize=6, va="bottom", family="monospace"
        )
    handles = [plt.Line2D([], [], color=c, lw=2, label=n) for n, c in COLOURS.items()]
    figure.legend(handles=handles, loc="lower center", ncol=5, fontsize=8, frameon=False)
    figure.tight_layout(rect=(0, 0.05, 1, 1))
    output.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(output, dpi=110)
    plt.close(figure)


def _labels(heights_cm: dict[str, float]) -> list[tuple[float, str]]:
    """Landmark names by height, those less than 2 cm apart written on one line."""
    rows: list[tuple[float, str]] = []
    for name, z in sorted(heights_cm.items(), key=lambda item: -item[1]):
        if rows and rows[-1][0] - z < 2.0:
            rows[-1] = (rows[-1][0], f"{rows[-1][1]}, {name}")
        else:
            rows.append((z, name))
    return rows


def main() -> None:  # pragma: no cover - a documentation script
    from adapters.body.anny_space import AnnySpace

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path, nargs="?", default=Path("docs/measurements.png"))
    parser.add_argument("--cache-dir", default="~/.cache/avatar-service/anny")
    args = parser.parse_args()
    space = AnnySpace(Path(args.cache_dir))
    space.prepare()
    bodies = [
        ("average woman", space.geometry(space.default(Gender.FEMALE)), Gender.FEMALE),
        ("average man", space.geometry(space.default(Gender.MALE)), Gender.MALE),
    ]
    draw(bodies, args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":  # pragma: no cover
    main()
