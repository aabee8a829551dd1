"""Exporting models to ONNX and running them (the inference engine issue). No business logic.

Not built yet: this package is reserved so that the import contracts already hold it apart.
"""
