"""Read an FBX file with ufbx in a process of its own and print what the tests compare.

ufbx's Python binding crashes the interpreter when the garbage collector frees some of its
objects (seen in the full test run), so the FBX re-import tests read files through this
script in a subprocess: a crash fails one test instead of the whole run.

    python -m tests.support.ufbx_facts FILE.fbx  ->  JSON on stdout
"""

from __future__ import annotations

import json
import os
import sys


def facts(path: str) -> dict[str, object]:
    import ufbx

    scene = ufbx.load_file(path)

    def matrix(transform: object) -> list[list[float]]:
        columns = [getattr(transform, axis) for axis in ("c0", "c1", "c2", "c3")]
        return [[c.x for c in columns], [c.y for c in columns], [c.z for c in columns]]

    mesh = scene.meshes[0]
    skins = list(scene.skin_deformers)
    return {
        "warnings": [str(w) for w in scene.metadata.warnings],
        "meshes": len(scene.meshes),
        "vertices": mesh.num_vertices,
        "faces": mesh.num_faces,
        "bones": len(scene.bones),
        "skins": len(skins),
        "clusters": {c.name: matrix(c.bind_to_world) for c in skins[0].clusters} if skins else {},
        "max_weights_per_vertex": skins[0].max_weights_per_vertex if skins else 0,
        "nodes": {node.name: matrix(node.node_to_world) for node in scene.nodes},
        "positions": [[p.x, p.y, p.z] for p in mesh.vertices],
    }


if __name__ == "__main__":
    sys.stdout.write(json.dumps(facts(sys.argv[1])))
    sys.stdout.flush()
    os._exit(0)  # never let the collector free ufbx's objects
