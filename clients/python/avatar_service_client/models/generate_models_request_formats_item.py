from enum import StrEnum

class GenerateModelsRequestFormatsItem(StrEnum):
    FBX = "fbx"
    GLB = "glb"
    GLTF = "gltf"
    OBJ = "obj"

    def __str__(self) -> str:
        return str(self.value)
